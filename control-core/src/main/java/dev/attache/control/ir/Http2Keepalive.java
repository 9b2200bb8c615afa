package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** HTTP/2 PING keepalive. */
public record Http2Keepalive(
    @JsonProperty("interval") String interval,
    @JsonProperty("timeout") String timeout,
    @JsonProperty("intervalJitter") Integer intervalJitter,
    @JsonProperty("idleInterval") String idleInterval) {
}
