package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Downstream TCP timeouts. */
public record TcpClientTimeout(
    @JsonProperty("idleTimeout") GoDuration idleTimeout,
    @JsonProperty("tlsHandshakeTimeout") GoDuration tlsHandshakeTimeout,
    @JsonProperty("connectionInspectionTimeout") GoDuration connectionInspectionTimeout) {
}
