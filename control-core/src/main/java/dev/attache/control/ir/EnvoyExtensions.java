package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * EnvoyExtensionPolicy features of a route. Wasm modules, Lua scripts and dynamic modules are
 * carried in Envoy Gateway's JSON shapes.
 */
public record EnvoyExtensions(
    @JsonProperty("extProcs") List<ExtProc> extProcs,
    @JsonProperty("luas") List<Lua> luas,
    @JsonProperty("wasms") List<JsonNode> wasms,
    @JsonProperty("dynamicModules") List<JsonNode> dynamicModules) {
  public EnvoyExtensions {
    extProcs = extProcs == null ? List.of() : List.copyOf(extProcs);
    luas = luas == null ? List.of() : List.copyOf(luas);
    wasms = wasms == null ? List.of() : List.copyOf(wasms);
    dynamicModules = dynamicModules == null ? List.of() : List.copyOf(dynamicModules);
  }

  /** External processors and Lua scripts only. */
  public EnvoyExtensions(List<ExtProc> extProcs, List<Lua> luas) {
    this(extProcs, luas, null, null);
  }
}
