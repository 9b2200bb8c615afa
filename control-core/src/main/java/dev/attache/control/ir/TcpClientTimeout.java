package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Downstream TCP timeouts. */
public record TcpClientTimeout(
    @JsonProperty("idleTimeout") String idleTimeout,
    @JsonProperty("tlsHandshakeTimeout") String tlsHandshakeTimeout,
    @JsonProperty("connectionInspectionTimeout") String connectionInspectionTimeout) {
}
