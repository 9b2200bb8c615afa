package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A listener the proxy's Service exposes: its ports and whether HTTP/3 is on. */
public record ProxyListener(
    @JsonProperty("name") String name,
    @JsonProperty("ports") List<ListenerPort> ports,
    @JsonProperty("http3") Empty http3) {
  public ProxyListener {
    name = name == null ? "" : name;
    ports = ports == null ? List.of() : List.copyOf(ports);
  }
}
