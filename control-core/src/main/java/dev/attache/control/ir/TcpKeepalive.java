package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** TCP keepalive probes. */
public record TcpKeepalive(
    @JsonProperty("probes") Integer probes,
    @JsonProperty("idleTime") Integer idleTime,
    @JsonProperty("interval") Integer interval) {
}
