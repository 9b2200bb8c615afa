package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** gRPC status codes that count as successes. */
public record GrpcSuccessCriteria(
    @JsonProperty("statusCodes") List<String> statusCodes) {
}
