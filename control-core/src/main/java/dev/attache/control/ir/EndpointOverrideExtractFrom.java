package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where the override endpoint comes from. */
public record EndpointOverrideExtractFrom(
    @JsonProperty("header") String header) {
}
