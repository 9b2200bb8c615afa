package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Sticky sessions by cookie or header. */
public record SessionPersistence(
    @JsonProperty("cookie") CookieSessionPersistence cookie,
    @JsonProperty("header") HeaderSessionPersistence header) {
}
