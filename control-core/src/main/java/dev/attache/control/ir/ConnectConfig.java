package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** HTTP CONNECT settings. */
public record ConnectConfig(
    @JsonProperty("terminate") boolean terminate) {
}
