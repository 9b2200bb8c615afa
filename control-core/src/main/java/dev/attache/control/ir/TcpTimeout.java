package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;

/** Upstream TCP timeouts. */
public record TcpTimeout(
    @JsonProperty("connectTimeout") GoDuration connectTimeout) {
}
