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

  // Policies set their own parts of a route that route translation built; each returns a copy.

  public HttpRoute withStatName(String value) {
    return new HttpRoute(name, value, hostname, isHTTP2, pathMatch, headerMatches, queryParamMatches, cookieMatches,
        credentialInjection, addRequestHeaders, removeRequestHeaders, addResponseHeaders, removeResponseHeaders,
        directResponse, redirect, mirrors, destination, urlRewrite, traffic, security, envoyExtensions,
        useClientProtocol, metadata, sessionPersistence, timeout, retry, cors, extensionRefs, extensionServerPolicies);
  }

  public HttpRoute withDirectResponse(CustomResponse value) {
    return new HttpRoute(name, statName, hostname, isHTTP2, pathMatch, headerMatches, queryParamMatches, cookieMatches,
        credentialInjection, addRequestHeaders, removeRequestHeaders, addResponseHeaders, removeResponseHeaders,
        value, redirect, mirrors, destination, urlRewrite, traffic, security, envoyExtensions, useClientProtocol,
        metadata, sessionPersistence, timeout, retry, cors, extensionRefs, extensionServerPolicies);
  }

  public HttpRoute withRemoveResponseHeaders(List<String> value) {
    return new HttpRoute(name, statName, hostname, isHTTP2, pathMatch, headerMatches, queryParamMatches, cookieMatches,
        credentialInjection, addRequestHeaders, removeRequestHeaders, addResponseHeaders, value, directResponse,
        redirect, mirrors, destination, urlRewrite, traffic, security, envoyExtensions, useClientProtocol, metadata,
        sessionPersistence, timeout, retry, cors, extensionRefs, extensionServerPolicies);
  }

  public HttpRoute withTraffic(TrafficFeatures value) {
    return new HttpRoute(name, statName, hostname, isHTTP2, pathMatch, headerMatches, queryParamMatches, cookieMatches,
        credentialInjection, addRequestHeaders, removeRequestHeaders, addResponseHeaders, removeResponseHeaders,
        directResponse, redirect, mirrors, destination, urlRewrite, value, security, envoyExtensions,
        useClientProtocol, metadata, sessionPersistence, timeout, retry, cors, extensionRefs, extensionServerPolicies);
  }

  public HttpRoute withSecurity(SecurityFeatures value) {
    return new HttpRoute(name, statName, hostname, isHTTP2, pathMatch, headerMatches, queryParamMatches, cookieMatches,
        credentialInjection, addRequestHeaders, removeRequestHeaders, addResponseHeaders, removeResponseHeaders,
        directResponse, redirect, mirrors, destination, urlRewrite, traffic, value, envoyExtensions,
        useClientProtocol, metadata, sessionPersistence, timeout, retry, cors, extensionRefs, extensionServerPolicies);
  }

  public HttpRoute withEnvoyExtensions(EnvoyExtensions value) {
    return new HttpRoute(name, statName, hostname, isHTTP2, pathMatch, headerMatches, queryParamMatches, cookieMatches,
        credentialInjection, addRequestHeaders, removeRequestHeaders, addResponseHeaders, removeResponseHeaders,
        directResponse, redirect, mirrors, destination, urlRewrite, traffic, security, value, useClientProtocol,
        metadata, sessionPersistence, timeout, retry, cors, extensionRefs, extensionServerPolicies);
  }

  public HttpRoute withUseClientProtocol(Boolean value) {
    return new HttpRoute(name, statName, hostname, isHTTP2, pathMatch, headerMatches, queryParamMatches, cookieMatches,
        credentialInjection, addRequestHeaders, removeRequestHeaders, addResponseHeaders, removeResponseHeaders,
        directResponse, redirect, mirrors, destination, urlRewrite, traffic, security, envoyExtensions, value,
        metadata, sessionPersistence, timeout, retry, cors, extensionRefs, extensionServerPolicies);
  }

  public HttpRoute withMetadata(ResourceMetadata value) {
    return new HttpRoute(name, statName, hostname, isHTTP2, pathMatch, headerMatches, queryParamMatches, cookieMatches,
        credentialInjection, addRequestHeaders, removeRequestHeaders, addResponseHeaders, removeResponseHeaders,
        directResponse, redirect, mirrors, destination, urlRewrite, traffic, security, envoyExtensions,
        useClientProtocol, value, sessionPersistence, timeout, retry, cors, extensionRefs, extensionServerPolicies);
  }

  public HttpRoute withExtensionServerPolicies(List<UnstructuredRef> value) {
    return new HttpRoute(name, statName, hostname, isHTTP2, pathMatch, headerMatches, queryParamMatches, cookieMatches,
        credentialInjection, addRequestHeaders, removeRequestHeaders, addResponseHeaders, removeResponseHeaders,
        directResponse, redirect, mirrors, destination, urlRewrite, traffic, security, envoyExtensions,
        useClientProtocol, metadata, sessionPersistence, timeout, retry, cors, extensionRefs, value);
  }
}
