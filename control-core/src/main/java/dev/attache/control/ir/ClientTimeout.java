package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Downstream timeouts. */
public record ClientTimeout(
    @JsonProperty("tcp") TcpClientTimeout tcp,
    @JsonProperty("http") HttpClientTimeout http) {
}
