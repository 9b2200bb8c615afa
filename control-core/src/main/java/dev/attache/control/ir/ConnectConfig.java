package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** HTTP CONNECT settings. */
public record ConnectConfig(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("terminate") boolean terminate) {
}
