package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An inclusive range of status codes. */
public record StatusCodeRange(
    @JsonProperty("start") int start,
    @JsonProperty("end") int end) {
}
