package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One response override: what it matches and the response or redirect it gives instead. */
public record ResponseOverrideRule(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("name") String name,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("match") CustomResponseMatch match,
    @JsonProperty("response") CustomResponse response,
    @JsonProperty("redirect") Redirect redirect,
    @JsonProperty("source") String source) {
}
