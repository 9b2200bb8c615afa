package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A gRPC authorization service. */
public record GrpcExtAuthService(
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("authority") String authority) {
  public GrpcExtAuthService {
    authority = authority == null ? "" : authority;
  }
}
