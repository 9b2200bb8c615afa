package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Attributes of the OAuth2 cookies. */
public record OidcCookieConfig(
    @JsonProperty("sameSite") String sameSite) {
}
