package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** A dynamic module (shared library) filter: where it is loaded from and its configuration. */
public record DynamicModule(
    @JsonProperty("name") String name,
    @JsonProperty("path") String path,
    @JsonProperty("remote") RemoteDynamicModuleSource remote,
    @JsonProperty("filterName") String filterName,
    @JsonProperty("config") JsonNode config,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("doNotClose") boolean doNotClose,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("loadGlobally") boolean loadGlobally,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("terminalFilter") boolean terminalFilter) {
  public DynamicModule {
    name = name == null ? "" : name;
    path = path == null ? "" : path;
    filterName = filterName == null ? "" : filterName;
  }
}
