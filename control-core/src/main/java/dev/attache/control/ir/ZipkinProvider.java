package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Zipkin options. */
public record ZipkinProvider(
    @JsonProperty("enable128BitTraceId") Boolean enable128BitTraceId,
    @JsonProperty("disableSharedSpanContext") Boolean disableSharedSpanContext) {
}
