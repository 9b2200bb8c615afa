package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** One port of a proxy listener: the Service port and the container port behind it. */
public record ListenerPort(
    @JsonProperty("name") String name,
    @JsonProperty("protocol") String protocol,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("servicePort") int servicePort,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("containerPort") int containerPort) {
  public ListenerPort {
    name = name == null ? "" : name;
    protocol = protocol == null ? "" : protocol;
  }
}
