package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A path rewrite: full replacement, prefix replacement or regex substitution. */
public record PathModifier(
    @JsonProperty("fullReplace") String fullReplace,
    @JsonProperty("prefixMatchReplace") String prefixMatchReplace,
    @JsonProperty("regexMatchReplace") RegexMatchReplace regexMatchReplace) {
}
