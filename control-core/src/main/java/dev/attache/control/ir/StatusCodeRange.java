package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** An inclusive range of status codes. */
public record StatusCodeRange(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("start") int start,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("end") int end) {
}
