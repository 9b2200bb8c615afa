package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An HTTP redirect. */
public record Redirect(
    @JsonProperty("scheme") String scheme,
    @JsonProperty("hostname") String hostname,
    @JsonProperty("path") PathModifier path,
    @JsonProperty("port") Integer port,
    @JsonProperty("statusCode") Integer statusCode) {
}
