package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Upstream timeouts. */
public record Timeout(
    @JsonProperty("tcp") TcpTimeout tcp,
    @JsonProperty("http") HttpTimeout http) {
}
