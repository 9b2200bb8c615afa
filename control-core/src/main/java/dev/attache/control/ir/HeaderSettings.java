package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** How a listener treats request and response headers. */
public record HeaderSettings(
    @JsonProperty("enableEnvoyHeaders") boolean enableEnvoyHeaders,
    @JsonProperty("disableRateLimitHeaders") boolean disableRateLimitHeaders,
    @JsonProperty("xForwardedClientCert") XForwardedClientCert xForwardedClientCert,
    @JsonProperty("withUnderscoresAction") String withUnderscoresAction,
    @JsonProperty("requestID") String requestID,
    @JsonProperty("earlyAddRequestHeaders") List<AddHeader> earlyAddRequestHeaders,
    @JsonProperty("earlyRemoveRequestHeaders") List<String> earlyRemoveRequestHeaders,
    @JsonProperty("earlyRemoveRequestHeadersOnMatch") List<StringMatch> earlyRemoveRequestHeadersOnMatch,
    @JsonProperty("lateAddResponseHeaders") List<AddHeader> lateAddResponseHeaders,
    @JsonProperty("lateRemoveResponseHeaders") List<String> lateRemoveResponseHeaders,
    @JsonProperty("lateRemoveResponseHeadersOnMatch") List<StringMatch> lateRemoveResponseHeadersOnMatch,
    @JsonProperty("maxRequestHeadersKB") Integer maxRequestHeadersKB) {
  public HeaderSettings {
    withUnderscoresAction = withUnderscoresAction == null ? "" : withUnderscoresAction;
    earlyAddRequestHeaders = earlyAddRequestHeaders == null ? List.of() : List.copyOf(earlyAddRequestHeaders);
    earlyRemoveRequestHeaders = earlyRemoveRequestHeaders == null ? List.of() : List.copyOf(earlyRemoveRequestHeaders);
    earlyRemoveRequestHeadersOnMatch = earlyRemoveRequestHeadersOnMatch == null ? List.of() : List.copyOf(earlyRemoveRequestHeadersOnMatch);
    lateAddResponseHeaders = lateAddResponseHeaders == null ? List.of() : List.copyOf(lateAddResponseHeaders);
    lateRemoveResponseHeaders = lateRemoveResponseHeaders == null ? List.of() : List.copyOf(lateRemoveResponseHeaders);
    lateRemoveResponseHeadersOnMatch = lateRemoveResponseHeadersOnMatch == null ? List.of() : List.copyOf(lateRemoveResponseHeadersOnMatch);
  }
}
