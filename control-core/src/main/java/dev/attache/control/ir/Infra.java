package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Envoy Gateway's infra IR: what the infrastructure provider deploys for one gateway. */
public record Infra(
    @JsonProperty("proxy") ProxyInfra proxy) {
}
