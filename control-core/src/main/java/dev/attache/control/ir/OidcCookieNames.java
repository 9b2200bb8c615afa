package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Names replacing the default access and ID token cookie names. */
public record OidcCookieNames(
    @JsonProperty("accessToken") String accessToken,
    @JsonProperty("idToken") String idToken) {
}
