package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Buffering of whole request bodies, up to a limit. */
public record RequestBuffer(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("limit") String limit) {
}
