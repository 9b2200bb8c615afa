package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A Wasm extension: its code (served by the control plane), plugin name and configuration. */
public record Wasm(
    @JsonProperty("name") String name,
    @JsonProperty("rootID") String rootID,
    @JsonProperty("wasmName") String wasmName,
    @JsonProperty("config") JsonNode config,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("failOpen") boolean failOpen,
    @JsonProperty("httpWasmCode") HttpWasmCode httpWasmCode,
    @JsonProperty("hostKeys") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> hostKeys) {
  public Wasm {
    name = name == null ? "" : name;
    wasmName = wasmName == null ? "" : wasmName;
  }
}
