package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A status code or a range of them. */
public record StatusCodeMatch(
    @JsonProperty("value") Integer value,
    @JsonProperty("range") StatusCodeRange range) {
}
