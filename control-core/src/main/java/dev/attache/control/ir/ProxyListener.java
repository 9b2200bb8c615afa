package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A listener the proxy's Service and container expose. */
public record ProxyListener(
    @JsonProperty("name") String name,
    @JsonProperty("ports") List<ListenerPort> ports,
    @JsonProperty("http3") Empty http3) {
  public ProxyListener {
    ports = ports == null ? List.of() : List.copyOf(ports);
  }
}
