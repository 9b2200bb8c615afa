package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One status code or an inclusive range. */
public record StatusCodeMatch(
    @JsonProperty("value") Integer value,
    @JsonProperty("range") StatusCodeRange range) {
}
