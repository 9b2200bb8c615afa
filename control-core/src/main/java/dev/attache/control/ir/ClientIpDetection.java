package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the client address comes from: X-Forwarded-For, a custom header or the connection itself. */
public record ClientIpDetection(
    @JsonProperty("xForwardedFor") XForwardedFor xForwardedFor,
    @JsonProperty("customHeader") CustomIpHeader customHeader,
    @JsonProperty("directSourceIP") Empty directSourceIP) {
}
