package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** TLS on a TCP route: SNI inspection (passthrough) and/or termination. */
public record TlsRouteConfig(
    @JsonProperty("inspector") TlsInspectorConfig inspector,
    @JsonProperty("terminate") TlsConfig terminate) {
}
