package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Span operation names. */
public record SpanName(
    @JsonProperty("client") String client,
    @JsonProperty("server") String server) {
  public SpanName {
    client = client == null ? "" : client;
    server = server == null ? "" : server;
  }
}
