package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Header and URL filters applied per backend. */
public record DestinationFilters(
    @JsonProperty("addRequestHeaders") List<AddHeader> addRequestHeaders,
    @JsonProperty("removeRequestHeaders") List<String> removeRequestHeaders,
    @JsonProperty("addResponseHeaders") List<AddHeader> addResponseHeaders,
    @JsonProperty("removeResponseHeaders") List<String> removeResponseHeaders,
    @JsonProperty("credentialInjection") CredentialInjection credentialInjection,
    @JsonProperty("urlRewrite") UrlRewrite urlRewrite) {
  public DestinationFilters {
    addRequestHeaders = addRequestHeaders == null ? List.of() : List.copyOf(addRequestHeaders);
    removeRequestHeaders = removeRequestHeaders == null ? List.of() : List.copyOf(removeRequestHeaders);
    addResponseHeaders = addResponseHeaders == null ? List.of() : List.copyOf(addResponseHeaders);
    removeResponseHeaders = removeResponseHeaders == null ? List.of() : List.copyOf(removeResponseHeaders);
  }
}
