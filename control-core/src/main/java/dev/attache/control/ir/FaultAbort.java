package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** An HTTP or gRPC error for a share of requests. */
public record FaultAbort(
    @JsonProperty("httpStatus") Integer httpStatus,
    @JsonProperty("grpcStatus") Integer grpcStatus,
    @JsonProperty("percentage") Double percentage) {
}
