package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** gRPC status names (Ok, Cancelled, …) that count as successes. */
public record GrpcSuccessCriteria(
    @JsonProperty("statusCodes") List<String> statusCodes) {
  public GrpcSuccessCriteria {
    statusCodes = statusCodes == null ? List.of() : List.copyOf(statusCodes);
  }
}
