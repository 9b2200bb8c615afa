package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/** A Kubernetes object of an extension's own kind, passed through to extension hooks. */
public record UnstructuredRef(
    @JsonProperty("object") JsonNode object) {
}
