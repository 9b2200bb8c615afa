package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.attache.control.resource.meta.GoDuration;
import java.util.List;

/** One HTTP route: its match, what it does, and its destination. */
public record HttpRoute(
    @JsonProperty("name") String name,
    @JsonProperty("statName") String statName,
    @JsonProperty("hostname") String hostname,
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("isHTTP2") boolean isHTTP2,
    @JsonProperty("pathMatch") StringMatch pathMatch,
    @JsonProperty("headerMatches") List<StringMatch> headerMatches,
    @JsonProperty("queryParamMatches") List<StringMatch> queryParamMatches,
    @JsonProperty("cookieMatches") List<StringMatch> cookieMatches,
    @JsonProperty("credentialInjection") CredentialInjection credentialInjection,
    @JsonProperty("addRequestHeaders") List<AddHeader> addRequestHeaders,
    @JsonProperty("removeRequestHeaders") List<String> removeRequestHeaders,
    @JsonProperty("addResponseHeaders") List<AddHeader> addResponseHeaders,
    @JsonProperty("removeResponseHeaders") List<String> removeResponseHeaders,
    @JsonProperty("directResponse") CustomResponse directResponse,
    @JsonProperty("redirect") Redirect redirect,
    @JsonProperty("mirrors") List<MirrorPolicy> mirrors,
    @JsonProperty("destination") RouteDestination destination,
    @JsonProperty("urlRewrite") UrlRewrite urlRewrite,
    @JsonProperty("traffic") TrafficFeatures traffic,
    @JsonProperty("security") SecurityFeatures security,
    @JsonProperty("envoyExtensions") EnvoyExtensions envoyExtensions,
    @JsonProperty("useClientProtocol") Boolean useClientProtocol,
    @JsonProperty("metadata") ResourceMetadata metadata,
    @JsonProperty("sessionPersistence") SessionPersistence sessionPersistence,
    @JsonProperty("timeout") GoDuration timeout,
    @JsonProperty("retry") Retry retry,
    @JsonProperty("cors") Cors cors,
    @JsonProperty("extensionRefs") List<UnstructuredRef> extensionRefs,
    @JsonProperty("extensionServerPolicies") List<UnstructuredRef> extensionServerPolicies) {
  public HttpRoute {
    name = name == null ? "" : name;
    hostname = hostname == null ? "" : hostname;
    headerMatches = headerMatches == null ? List.of() : List.copyOf(headerMatches);
    queryParamMatches = queryParamMatches == null ? List.of() : List.copyOf(queryParamMatches);
    cookieMatches = cookieMatches == null ? List.of() : List.copyOf(cookieMatches);
    addRequestHeaders = addRequestHeaders == null ? List.of() : List.copyOf(addRequestHeaders);
    removeRequestHeaders = removeRequestHeaders == null ? List.of() : List.copyOf(removeRequestHeaders);
    addResponseHeaders = addResponseHeaders == null ? List.of() : List.copyOf(addResponseHeaders);
    removeResponseHeaders = removeResponseHeaders == null ? List.of() : List.copyOf(removeResponseHeaders);
    mirrors = mirrors == null ? List.of() : List.copyOf(mirrors);
    extensionRefs = extensionRefs == null ? List.of() : List.copyOf(extensionRefs);
    extensionServerPolicies = extensionServerPolicies == null ? List.of() : List.copyOf(extensionServerPolicies);
  }
}
