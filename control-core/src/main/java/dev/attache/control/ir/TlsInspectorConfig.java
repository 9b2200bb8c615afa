package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The server names a TLS route matches. */
public record TlsInspectorConfig(
    @JsonProperty("snis") List<String> snis) {
  public TlsInspectorConfig {
    snis = snis == null ? List.of() : List.copyOf(snis);
  }
}
