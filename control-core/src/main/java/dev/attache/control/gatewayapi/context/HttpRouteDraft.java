package dev.attache.control.gatewayapi.context;

import dev.attache.control.ir.AddHeader;
import dev.attache.control.ir.Cors;
import dev.attache.control.ir.CredentialInjection;
import dev.attache.control.ir.CustomResponse;
import dev.attache.control.ir.EnvoyExtensions;
import dev.attache.control.ir.SecurityFeatures;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.MirrorPolicy;
import dev.attache.control.ir.Redirect;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.Retry;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.SessionPersistence;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.ir.TrafficFeatures;
import dev.attache.control.ir.UnstructuredRef;
import dev.attache.control.ir.UrlRewrite;
import dev.attache.control.resource.meta.GoDuration;
import java.util.List;

/**
 * An IR HTTP route while the translator builds it: route translation creates it, policies then
 * set their parts, and {@link #build()} freezes it into {@link HttpRoute}. Lists are treated as
 * immutable values and replaced, never changed in place, so {@link #copy()} is a safe deep copy.
 */
public final class HttpRouteDraft {
  public String name = "";
  public String statName;
  public String hostname = "";
  public boolean isHttp2;
  public StringMatch pathMatch;
  public List<StringMatch> headerMatches = List.of();
  public List<StringMatch> queryParamMatches = List.of();
  public List<StringMatch> cookieMatches = List.of();
  public List<AddHeader> addRequestHeaders = List.of();
  public List<String> removeRequestHeaders = List.of();
  public List<AddHeader> addResponseHeaders = List.of();
  public List<String> removeResponseHeaders = List.of();
  public CustomResponse directResponse;
  public Redirect redirect;
  public List<MirrorPolicy> mirrors = List.of();
  public RouteDestination destination;
  public UrlRewrite urlRewrite;
  public CredentialInjection credentialInjection;
  public TrafficFeatures traffic;
  public SecurityFeatures security;
  public EnvoyExtensions envoyExtensions;
  public Boolean useClientProtocol;
  public ResourceMetadata metadata;
  public SessionPersistence sessionPersistence;
  public GoDuration timeout;
  public Retry retry;
  public Cors cors;
  public List<UnstructuredRef> extensionRefs = List.of();
  public List<UnstructuredRef> extensionServerPolicies = List.of();

  public HttpRouteDraft copy() {
    HttpRouteDraft c = new HttpRouteDraft();
    c.name = name;
    c.statName = statName;
    c.hostname = hostname;
    c.isHttp2 = isHttp2;
    c.pathMatch = pathMatch;
    c.headerMatches = headerMatches;
    c.queryParamMatches = queryParamMatches;
    c.cookieMatches = cookieMatches;
    c.addRequestHeaders = addRequestHeaders;
    c.removeRequestHeaders = removeRequestHeaders;
    c.addResponseHeaders = addResponseHeaders;
    c.removeResponseHeaders = removeResponseHeaders;
    c.directResponse = directResponse;
    c.redirect = redirect;
    c.mirrors = mirrors;
    c.destination = destination;
    c.urlRewrite = urlRewrite;
    c.credentialInjection = credentialInjection;
    c.traffic = traffic;
    c.security = security;
    c.envoyExtensions = envoyExtensions;
    c.useClientProtocol = useClientProtocol;
    c.metadata = metadata;
    c.sessionPersistence = sessionPersistence;
    c.timeout = timeout;
    c.retry = retry;
    c.cors = cors;
    c.extensionRefs = extensionRefs;
    c.extensionServerPolicies = extensionServerPolicies;
    return c;
  }

  public HttpRoute build() {
    return new HttpRoute(name, statName, hostname, isHttp2, pathMatch, headerMatches, queryParamMatches,
        cookieMatches, credentialInjection, addRequestHeaders, removeRequestHeaders, addResponseHeaders,
        removeResponseHeaders, directResponse, redirect, mirrors, destination, urlRewrite, traffic, security,
        envoyExtensions, useClientProtocol, metadata, sessionPersistence, timeout, retry, cors, extensionRefs,
        extensionServerPolicies);
  }
}
