package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Cross-site request forgery protection of a route. */
public record Csrf(
    @JsonProperty("shadowFraction") Fraction shadowFraction,
    @JsonProperty("additionalOrigins") List<StringMatch> additionalOrigins) {
  public Csrf {
    additionalOrigins = additionalOrigins == null ? List.of() : List.copyOf(additionalOrigins);
  }
}
