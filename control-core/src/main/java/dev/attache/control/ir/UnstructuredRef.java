package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** A resource of a kind an extension server introduced, carried whole for the extension hooks. */
public record UnstructuredRef(
    @JsonProperty("object") JsonNode object) {
}
