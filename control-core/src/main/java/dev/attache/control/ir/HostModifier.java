package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A host rewrite: a literal, from a header, from the backend, or by regex on the path. */
public record HostModifier(
    @JsonProperty("name") String name,
    @JsonProperty("header") String header,
    @JsonProperty("backend") Boolean backend,
    @JsonProperty("pathRegex") RegexMatchReplace pathRegex) {
}
