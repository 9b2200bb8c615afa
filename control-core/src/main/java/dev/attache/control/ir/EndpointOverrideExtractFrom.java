package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One source of an endpoint override. */
public record EndpointOverrideExtractFrom(
    @JsonProperty("header") String header) {
}
