package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** gRPC-Web and gRPC statistics. */
public record GrpcSettings(
    @JsonProperty("enableGRPCWeb") Boolean enableGRPCWeb,
    @JsonProperty("enableGRPCStats") Boolean enableGRPCStats) {
}
