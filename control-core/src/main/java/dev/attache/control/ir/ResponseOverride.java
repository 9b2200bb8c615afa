package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Responses replaced by the gateway, by status code and headers. */
public record ResponseOverride(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("name") String name,
    @JsonProperty("rules") List<ResponseOverrideRule> rules) {
}
