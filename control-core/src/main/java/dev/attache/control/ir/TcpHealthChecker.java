package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A TCP probe: bytes to send and to expect. */
public record TcpHealthChecker(
    @JsonProperty("send") HealthCheckPayload send,
    @JsonProperty("receive") HealthCheckPayload receive) {
}
