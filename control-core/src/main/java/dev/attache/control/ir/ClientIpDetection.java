package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the client address comes from: X-Forwarded-For or a custom header. */
public record ClientIpDetection(
    @JsonProperty("xForwardedFor") XForwardedFor xForwardedFor,
    @JsonProperty("customHeader") CustomIpHeader customHeader) {
}
