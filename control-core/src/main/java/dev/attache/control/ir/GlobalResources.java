package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Resources shared by every listener of a gateway. */
public record GlobalResources(
    @JsonProperty("envoyClientCertificate") TlsCertificate envoyClientCertificate,
    @JsonProperty("proxyServiceCluster") RouteDestination proxyServiceCluster) {
}
