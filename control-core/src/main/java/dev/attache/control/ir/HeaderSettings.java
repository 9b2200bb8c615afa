package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a listener treats request and response headers. */
public record HeaderSettings(
    @JsonProperty("enableEnvoyHeaders") boolean enableEnvoyHeaders,
    @JsonProperty("disableRateLimitHeaders") boolean disableRateLimitHeaders,
    @JsonProperty("withUnderscoresAction") String withUnderscoresAction,
    @JsonProperty("requestID") String requestID,
    @JsonProperty("maxRequestHeadersKB") Integer maxRequestHeadersKB) {
  public HeaderSettings {
    withUnderscoresAction = withUnderscoresAction == null ? "" : withUnderscoresAction;
  }
}
