package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import java.util.List;

/**
 * The managed proxy of a gateway: its name and namespace, the EnvoyProxy that configures it,
 * the ports it exposes and the addresses it was asked for.
 */
public record ProxyInfra(
    @JsonProperty("metadata") InfraMetadata metadata,
    @JsonProperty("name") String name,
    @JsonProperty("namespace") String namespace,
    @JsonProperty("config") EnvoyProxy config,
    @JsonProperty("listeners") List<ProxyListener> listeners,
    @JsonProperty("addresses") List<String> addresses) {
  public ProxyInfra {
    listeners = listeners == null ? List.of() : List.copyOf(listeners);
    addresses = addresses == null ? List.of() : List.copyOf(addresses);
  }
}
