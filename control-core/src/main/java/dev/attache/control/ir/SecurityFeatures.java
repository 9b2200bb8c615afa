package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * SecurityPolicy features of a route. JWT, API key, basic auth and authorization are enforced by
 * Attaché's authz-service, which reads the SecurityPolicy itself; here they only mark the route as
 * guarded, so their content is kept as is.
 */
public record SecurityFeatures(
    @JsonProperty("jwt") JsonNode jwt,
    @JsonProperty("basicAuth") JsonNode basicAuth,
    @JsonProperty("apiKeyAuth") JsonNode apiKeyAuth,
    @JsonProperty("authorization") JsonNode authorization,
    @JsonProperty("oidc") Oidc oidc,
    @JsonProperty("extAuth") ExtAuth extAuth,
    @JsonProperty("cors") Cors cors,
    @JsonProperty("csrf") Csrf csrf) {
}
