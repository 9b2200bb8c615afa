package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Path and host rewrites. */
public record UrlRewrite(
    @JsonProperty("path") PathModifier path,
    @JsonProperty("host") HostModifier host,
    @JsonProperty("appendXForwardedHost") Boolean appendXForwardedHost) {
}
