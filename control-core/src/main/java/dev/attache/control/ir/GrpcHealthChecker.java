package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A gRPC health probe. */
public record GrpcHealthChecker(
    @JsonProperty("service") String service) {
}
