package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** What triggers a retry. */
public record RetryOn(
    @JsonProperty("triggers") List<String> triggers,
    @JsonProperty("httpStatusCodes") List<Integer> httpStatusCodes) {
  public RetryOn {
    triggers = triggers == null ? List.of() : List.copyOf(triggers);
    httpStatusCodes = httpStatusCodes == null ? List.of() : List.copyOf(httpStatusCodes);
  }
}
