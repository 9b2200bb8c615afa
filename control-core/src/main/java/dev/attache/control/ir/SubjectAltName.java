package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A subject alternative name an upstream certificate must carry. */
public record SubjectAltName(
    @JsonProperty("hostname") String hostname,
    @JsonProperty("uri") String uri) {
}
