package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The OpenID provider: its endpoints, and a backend with traffic policy to reach it. */
public record OidcProvider(
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("traffic") TrafficFeatures traffic,
    @JsonProperty("authorizationEndpoint") String authorizationEndpoint,
    @JsonProperty("tokenEndpoint") String tokenEndpoint,
    @JsonProperty("endSessionEndpoint") String endSessionEndpoint) {
  public OidcProvider {
    authorizationEndpoint = authorizationEndpoint == null ? "" : authorizationEndpoint;
    tokenEndpoint = tokenEndpoint == null ? "" : tokenEndpoint;
  }
}
