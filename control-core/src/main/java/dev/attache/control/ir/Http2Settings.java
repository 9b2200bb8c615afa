package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** HTTP/2 options. Upstream's JSON names of the two window sizes are crossed over; the names here are the JSON names. */
public record Http2Settings(
    @JsonProperty("initialConnectionWindowSize") Integer initialConnectionWindowSize,
    @JsonProperty("initialStreamWindowSize") Integer initialStreamWindowSize,
    @JsonProperty("maxConcurrentStreams") Integer maxConcurrentStreams,
    @JsonProperty("resetStreamOnError") Boolean resetStreamOnError,
    @JsonProperty("connectionKeepalive") Http2KeepaliveSettings connectionKeepalive) {

  /** Settings without connection keepalive. */
  public Http2Settings(Integer initialConnectionWindowSize, Integer initialStreamWindowSize, Integer maxConcurrentStreams,
      Boolean resetStreamOnError) {
    this(initialConnectionWindowSize, initialStreamWindowSize, maxConcurrentStreams, resetStreamOnError, null);
  }
}
