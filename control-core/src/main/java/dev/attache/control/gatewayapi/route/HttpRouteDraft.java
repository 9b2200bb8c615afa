package dev.attache.control.gatewayapi.route;

import dev.attache.control.ir.AddHeader;
import dev.attache.control.ir.Cors;
import dev.attache.control.ir.CredentialInjection;
import dev.attache.control.ir.CustomResponse;
import dev.attache.control.ir.EnvoyExtensions;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.MirrorPolicy;
import dev.attache.control.ir.Redirect;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.Retry;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.SecurityFeatures;
import dev.attache.control.ir.SessionPersistence;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.ir.TrafficFeatures;
import dev.attache.control.ir.UnstructuredRef;
import dev.attache.control.ir.UrlRewrite;
import dev.attache.control.resource.meta.GoDuration;
import java.util.List;

/**
 * An IR HTTP route while route translation builds it from a rule, its match and its filters;
 * {@link #build()} freezes it into the {@link HttpRoute} a listener gets, on which policies set
 * their parts as new values. Lists are treated as immutable values and replaced, never changed
 * in place, so {@link #copy()} is a safe deep copy.
 */
final class HttpRouteDraft {
  String name = "";
  String statName;
  String hostname = "";
  boolean isHttp2;
  StringMatch pathMatch;
  List<StringMatch> headerMatches = List.of();
  List<StringMatch> queryParamMatches = List.of();
  List<StringMatch> cookieMatches = List.of();
  List<AddHeader> addRequestHeaders = List.of();
  List<String> removeRequestHeaders = List.of();
  List<AddHeader> addResponseHeaders = List.of();
  List<String> removeResponseHeaders = List.of();
  CustomResponse directResponse;
  Redirect redirect;
  List<MirrorPolicy> mirrors = List.of();
  RouteDestination destination;
  UrlRewrite urlRewrite;
  CredentialInjection credentialInjection;
  TrafficFeatures traffic;
  SecurityFeatures security;
  EnvoyExtensions envoyExtensions;
  Boolean useClientProtocol;
  ResourceMetadata metadata;
  SessionPersistence sessionPersistence;
  GoDuration timeout;
  Retry retry;
  Cors cors;
  List<UnstructuredRef> extensionRefs = List.of();
  List<UnstructuredRef> extensionServerPolicies = List.of();

  HttpRouteDraft copy() {
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

  HttpRoute build() {
    return new HttpRoute(name, statName, hostname, isHttp2, pathMatch, headerMatches, queryParamMatches,
        cookieMatches, credentialInjection, addRequestHeaders, removeRequestHeaders, addResponseHeaders,
        removeResponseHeaders, directResponse, redirect, mirrors, destination, urlRewrite, traffic, security,
        envoyExtensions, useClientProtocol, metadata, sessionPersistence, timeout, retry, cors, extensionRefs,
        extensionServerPolicies);
  }
}
