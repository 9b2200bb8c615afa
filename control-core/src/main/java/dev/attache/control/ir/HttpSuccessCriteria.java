package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** HTTP status codes that count as successes. */
public record HttpSuccessCriteria(
    @JsonProperty("statusCodes") List<Integer> statusCodes) {
  public HttpSuccessCriteria {
    statusCodes = statusCodes == null ? List.of() : List.copyOf(statusCodes);
  }
}
