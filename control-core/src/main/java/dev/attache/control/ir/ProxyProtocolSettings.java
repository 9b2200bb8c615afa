package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Downstream PROXY protocol. */
public record ProxyProtocolSettings(
    @JsonProperty("optional") boolean optional) {
}
