package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One gateway's infrastructure IR: the Envoy proxy fleet a renderer creates for it. */
public record Infra(
    @JsonProperty("proxy") ProxyInfra proxy) {
}
