package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** HTTP/2 PING keepalive. */
public record Http2Keepalive(
    @JsonProperty("interval") GoDuration interval,
    @JsonProperty("timeout") GoDuration timeout,
    @JsonProperty("intervalJitter") Integer intervalJitter,
    @JsonProperty("idleInterval") GoDuration idleInterval) {
}
