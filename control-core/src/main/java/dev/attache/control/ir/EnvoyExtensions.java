package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** EnvoyExtensionPolicy features of a route. */
public record EnvoyExtensions(
    @JsonProperty("extProcs") List<ExtProc> extProcs,
    @JsonProperty("luas") List<Lua> luas) {
  public EnvoyExtensions {
    extProcs = extProcs == null ? List.of() : List.copyOf(extProcs);
    luas = luas == null ? List.of() : List.copyOf(luas);
  }
}
