package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** HTTP/1.0 support. */
public record Http10Settings(
    @JsonProperty("defaultHost") String defaultHost) {
}
