package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Upstream TCP timeouts. */
public record TcpTimeout(
    @JsonProperty("connectTimeout") String connectTimeout) {
}
