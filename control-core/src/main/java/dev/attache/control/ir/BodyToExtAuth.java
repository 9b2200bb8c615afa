package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How much of the request body the service sees. */
public record BodyToExtAuth(
    @JsonProperty("maxRequestBytes") int maxRequestBytes) {
}
