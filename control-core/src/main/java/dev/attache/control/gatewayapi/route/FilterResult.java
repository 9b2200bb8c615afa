package dev.attache.control.gatewayapi.route;

import dev.attache.control.gatewayapi.status.RouteErrors;
import dev.attache.control.ir.AddHeader;
import dev.attache.control.ir.Cors;
import dev.attache.control.ir.CredentialInjection;
import dev.attache.control.ir.CustomResponse;
import dev.attache.control.ir.MirrorPolicy;
import dev.attache.control.ir.Redirect;
import dev.attache.control.ir.UrlRewrite;
import dev.attache.control.resource.envoygateway.HTTPRouteMatchFilter;
import java.util.ArrayList;
import java.util.List;

/** What a rule's (or a backend's) filters amount to, and the errors they raised (Envoy Gateway's {@code HTTPFilterIR}). */
final class FilterResult {
  CustomResponse directResponse;
  Redirect redirect;
  CredentialInjection credentialInjection;
  UrlRewrite urlRewrite;
  final List<AddHeader> addRequestHeaders = new ArrayList<>();
  final List<String> removeRequestHeaders = new ArrayList<>();
  final List<AddHeader> addResponseHeaders = new ArrayList<>();
  final List<String> removeResponseHeaders = new ArrayList<>();
  List<MirrorPolicy> mirrors;
  Cors cors;
  List<HTTPRouteMatchFilter> matches = List.of();
  final List<dev.attache.control.resource.UnstructuredObject> extensionRefs = new ArrayList<>();
  final RouteErrors errors = new RouteErrors();
}
