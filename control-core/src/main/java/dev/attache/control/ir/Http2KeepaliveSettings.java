package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** HTTP/2 PING keepalive of a connection. */
public record Http2KeepaliveSettings(
    @JsonProperty("interval") String interval,
    @JsonProperty("timeout") String timeout,
    @JsonProperty("intervalJitter") Integer intervalJitter,
    @JsonProperty("idleInterval") String idleInterval) {
}
