package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** EnvoyExtensionPolicy features of a route. */
public record EnvoyExtensions(
    @JsonProperty("extProcs") List<ExtProc> extProcs,
    @JsonProperty("wasms") List<Wasm> wasms,
    @JsonProperty("luas") List<Lua> luas,
    @JsonProperty("dynamicModules") List<DynamicModule> dynamicModules) {
  public EnvoyExtensions {
    extProcs = extProcs == null ? List.of() : List.copyOf(extProcs);
    wasms = wasms == null ? List.of() : List.copyOf(wasms);
    luas = luas == null ? List.of() : List.copyOf(luas);
    dynamicModules = dynamicModules == null ? List.of() : List.copyOf(dynamicModules);
  }
}
