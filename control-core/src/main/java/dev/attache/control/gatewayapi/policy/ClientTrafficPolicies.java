package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.attachment.PolicyTargets;
import dev.attache.control.gatewayapi.attachment.TargetRef;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.HttpListenerDraft;
import dev.attache.control.gatewayapi.context.InfraDraft;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.TcpListenerDraft;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.route.Routes;
import dev.attache.control.gatewayapi.status.PolicyStatusBuilder;
import dev.attache.control.gatewayapi.status.RouteError;
import dev.attache.control.gatewayapi.tls.CaCertificates;
import dev.attache.control.gatewayapi.traffic.Errors;
import dev.attache.control.gatewayapi.traffic.ListenerSettings;
import dev.attache.control.gatewayapi.traffic.PolicyException;
import dev.attache.control.ir.Bytes;
import dev.attache.control.ir.ClientConnection;
import dev.attache.control.ir.ClientTimeout;
import dev.attache.control.ir.CustomResponse;
import dev.attache.control.ir.Empty;
import dev.attache.control.ir.GrpcSettings;
import dev.attache.control.ir.HeaderSettings;
import dev.attache.control.ir.Http10Settings;
import dev.attache.control.ir.Http1Settings;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.PathSettings;
import dev.attache.control.ir.ProxyListener;
import dev.attache.control.ir.ProxyProtocolSettings;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.ir.TcpKeepalive;
import dev.attache.control.ir.TlsCaCertificate;
import dev.attache.control.ir.TlsConfig;
import dev.attache.control.ir.TlsCrl;
import dev.attache.control.ir.TlsRouteConfig;
import dev.attache.control.ir.XForwardedClientCert;
import dev.attache.control.resource.envoygateway.ClientTrafficPolicy;
import dev.attache.control.resource.envoygateway.ClientTrafficPolicySpec;
import dev.attache.control.resource.envoygateway.ClientValidationContext;
import dev.attache.control.resource.gatewayapi.ListenerSet;
import dev.attache.control.resource.gatewayapi.ParentReference;
import dev.attache.control.resource.gatewayapi.SecretObjectReference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * ClientTrafficPolicy: settings of the downstream side of listeners (keepalive, timeouts,
 * connection limits, TLS parameters and client validation, headers, HTTP/1, /2, /3 …). Policies
 * on a listener (section) win over policies on the whole Gateway, the first policy on a scope
 * wins over later ones. As Envoy Gateway's {@code ProcessClientTrafficPolicies}.
 */
final class ClientTrafficPolicies implements PolicyStage {
  private static final String GROUP = "gateway.envoyproxy.io";
  private static final String KIND = "ClientTrafficPolicy";
  private static final Set<String> VALID_CIPHERS = Set.of(
      "ECDHE-ECDSA-AES128-GCM-SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "ECDHE-ECDSA-AES256-GCM-SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "ECDHE-ECDSA-CHACHA20-POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "ECDHE-ECDSA-AES128-SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
      "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "AES128-GCM-SHA256", "TLS_RSA_WITH_AES_128_GCM_SHA256", "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA",
      "ECDHE-ECDSA-AES256-SHA", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
      "ECDHE-RSA-AES256-SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
      "AES256-GCM-SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", "AES256-SHA", "TLS_RSA_WITH_AES_256_CBC_SHA");

  private final TranslationContext ctx;
  private final Gateways gateways;
  private final Map<ClientTrafficPolicy, PolicyStatusBuilder> statuses = new IdentityHashMap<>();
  private final List<ClientTrafficPolicy> handled = new ArrayList<>();

  ClientTrafficPolicies(TranslationContext ctx, Gateways gateways) {
    this.ctx = ctx;
    this.gateways = gateways;
  }

  @Override
  public PolicyStatuses apply(Routes routes) {
    run();
    return PolicyStatuses.of(withStatus());
  }

  private PolicyStatusBuilder status(ClientTrafficPolicy p) {
    if (!statuses.containsKey(p)) {
      handled.add(p);
    }
    return statuses.computeIfAbsent(p, x -> new PolicyStatusBuilder(x.status(),
        x.metadata() == null || x.metadata().generation() == null ? 0 : x.metadata().generation()));
  }

  private enum Scope { SECTION, GATEWAY, LISTENER_SET }

  /** A resolved target: the Gateway, and the ListenerSet when the policy targets one. */
  private record Resolved(GatewayContext gateway, ListenerSet listenerSet, PolicyAttachments.ResolveError error) {}

  private static String lsPrefix(ListenerSet ls) {
    return ls.namespace() + "/" + ls.name() + "/";
  }

  private static boolean belongsTo(ListenerContext l, ListenerSet ls) {
    return l.isFromListenerSet() && l.listenerSet().name().equals(ls.name())
        && l.listenerSet().namespace().equals(ls.namespace());
  }

  private static Resolved resolve(TargetRef target, Map<String, GatewayContext> gatewaysByName,
      Map<String, ListenerSet> sets) {
    if ("ListenerSet".equals(target.kind())) {
      ListenerSet ls = sets.get(target.namespace() + "/" + target.name());
      if (ls == null) {
        return null;
      }
      var parent = ls.spec().parentRef();
      String ns = parent.namespace() == null ? ls.namespace() : parent.namespace();
      GatewayContext gateway = gatewaysByName.get(ns + "/" + parent.name());
      if (gateway == null) {
        return null;
      }
      if (target.sectionName() != null && !PolicyAttachments.listenerSetHasListener(ls, target.sectionName())) {
        return new Resolved(gateway, ls, new PolicyAttachments.ResolveError("TargetNotFound", "ListenerSet "
            + ls.namespace() + "/" + ls.name() + " does not have a listener named \"" + target.sectionName() + "\""));
      }
      return new Resolved(gateway, ls, null);
    }
    GatewayContext gateway = gatewaysByName.get(target.namespace() + "/" + target.name());
    if (gateway == null) {
      return null;
    }
    if (target.sectionName() != null
        && gateway.listeners().stream().noneMatch(l -> l.name().equals(target.sectionName()))) {
      return new Resolved(gateway, null, new PolicyAttachments.ResolveError("TargetNotFound",
          "No section name " + target.sectionName() + " found for Gateway " + target.namespace() + "/" + target.name()));
    }
    return new Resolved(gateway, null, null);
  }

  private final Map<String, ClientTrafficPolicy> byName = new HashMap<>();

  /** The policy processed under this policy's namespace and name (the first one of that name, as upstream). */
  private ClientTrafficPolicy handle(ClientTrafficPolicy p) {
    ClientTrafficPolicy first = byName.putIfAbsent(p.namespace() + "/" + p.name(), p);
    ClientTrafficPolicy policy = first == null ? p : first;
    status(policy);
    return policy;
  }

  private void run() {
    String controller = ctx.settings.controllerName();
    Map<String, GatewayContext> gatewaysByName = new HashMap<>();
    for (GatewayContext g : gateways.accepted()) {
      gatewaysByName.put(g.namespace() + "/" + g.name(), g);
    }
    Map<String, ListenerSet> listenerSets = new HashMap<>();
    for (ListenerSet ls : ctx.resources.listenerSets()) {
      listenerSets.put(ls.namespace() + "/" + ls.name(), ls);
    }
    Map<String, Set<String>> claimedScopes = new HashMap<>();
    Map<String, Set<String>> claimedSections = new HashMap<>();
    List<ClientTrafficPolicy> policies = ctx.resources.clientTrafficPolicies();

    for (ClientTrafficPolicy current : policies) {
      ClientTrafficPolicySpec spec = current.spec();
      for (TargetRef target : PolicyTargets.fromReferences(spec.targetRef(), spec.targetRefs(), current.namespace())) {
        if (target.sectionName() == null) {
          continue;
        }
        ClientTrafficPolicy policy = handle(current);
        PolicyStatusBuilder status = status(policy);
        Resolved resolved = resolve(target, gatewaysByName, listenerSets);
        if (resolved == null) {
          continue;
        }
        GatewayContext gateway = resolved.gateway();
        ListenerSet ls = resolved.listenerSet();
        String key = gateway.namespace() + "/" + gateway.name();
        boolean targetsLs = "ListenerSet".equals(target.kind());
        ParentReference ancestor = targetsLs
            ? TargetRef.listenerSetAncestor(ls.namespace(), ls.name(), target.sectionName())
            : TargetRef.gatewayAncestor(gateway.namespace(), gateway.name(), target.sectionName());
        if (resolved.error() != null) {
          status.set(ancestor, controller, "Accepted", false, resolved.error().reason(), resolved.error().message());
          continue;
        }
        String section = target.sectionName();
        String sectionKey = targetsLs ? lsPrefix(ls) + section : section;
        if (claimedSections.getOrDefault(key, Set.of()).contains(sectionKey)) {
          status.set(ancestor, controller, "Accepted", false, "Conflicted", "Unable to target section of "
              + target.name() + ", another ClientTrafficPolicy has already attached to it");
          continue;
        }
        claimedSections.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(sectionKey);
        String error = null;
        String http3Warning = null;
        for (ListenerContext l : gateway.listeners()) {
          if (targetsLs && !belongsTo(l, ls)) {
            continue;
          }
          if (!l.name().equals(section)) {
            continue;
          }
          XdsDraft xds = gateways.ir().xds(l.gateway());
          error = portOverlap(l, xds, Scope.SECTION);
          if (error == null) {
            HttpListenerDraft httpIr = xds.httpListener(Names.listener(l));
            if (disablesHttp3(policy, httpIr)) {
              http3Warning = http3Message(List.of(l.name()));
            }
            error = translate(policy, l);
          }
          break;
        }
        if (error != null) {
          status.set(ancestor, controller, "Accepted", false, "Invalid", RouteError.conditionMessage(error));
        }
        status.accept(ancestor, controller);
        if (http3Warning != null) {
          status.warn(ancestor, controller, "UnsupportedHTTP3ClientValidation", http3Warning);
        }
        deprecations(policy, status, ancestor, controller);
      }
    }

    List<List<TargetRef>> resolvedTargets = new ArrayList<>();
    List<PolicyTargets.Candidate> candidates = new ArrayList<>();
    for (GatewayContext g : gateways.accepted()) {
      candidates.add(new PolicyTargets.Candidate(g.gateway(), TargetRef.GATEWAY_GROUP, "Gateway"));
    }
    for (ListenerSet ls : ctx.resources.listenerSets()) {
      candidates.add(new PolicyTargets.Candidate(ls, TargetRef.GATEWAY_GROUP, "ListenerSet"));
    }
    for (ClientTrafficPolicy p : policies) {
      resolvedTargets.add(PolicyTargets.resolve(ctx, p.spec().targetRef(), p.spec().targetRefs(),
          p.spec().targetSelectors(), candidates, GROUP, KIND, p.namespace()));
    }
    for (String passKind : List.of("ListenerSet", "Gateway")) {
      for (int i = 0; i < policies.size(); i++) {
        for (TargetRef target : resolvedTargets.get(i)) {
          if (target.sectionName() != null || !passKind.equals(target.kind())) {
            continue;
          }
          ClientTrafficPolicy policy = handle(policies.get(i));
          PolicyStatusBuilder status = status(policy);
          Resolved resolved = resolve(target, gatewaysByName, listenerSets);
          if (resolved == null) {
            continue;
          }
          GatewayContext gateway = resolved.gateway();
          ListenerSet ls = resolved.listenerSet();
          String key = gateway.namespace() + "/" + gateway.name();
          boolean targetsLs = "ListenerSet".equals(target.kind());
          ParentReference ancestor = targetsLs ? TargetRef.listenerSetAncestor(ls.namespace(), ls.name(), null)
              : TargetRef.gatewayAncestor(gateway.namespace(), gateway.name(), null);
          if (resolved.error() != null) {
            status.set(ancestor, controller, "Accepted", false, resolved.error().reason(), resolved.error().message());
            continue;
          }
          String scopeKey = targetsLs ? "listenerset/" + ls.namespace() + "/" + ls.name() : "/entireGatewayScope";
          Set<String> scopes = claimedScopes.get(key);
          if (scopes != null && scopes.contains(scopeKey)) {
            String message = targetsLs
                ? "Unable to target ListenerSet " + target.name() + ", another ClientTrafficPolicy has already attached to it"
                : "Unable to target Gateway " + target.name() + ", another ClientTrafficPolicy has already attached to it";
            status.set(ancestor, controller, "Accepted", false, "Conflicted", message);
            continue;
          }
          List<String> overriding = new ArrayList<>();
          for (String claimed : claimedSections.getOrDefault(key, Set.of())) {
            if (targetsLs) {
              if (claimed.startsWith(lsPrefix(ls))) {
                overriding.add(claimed.substring(lsPrefix(ls).length()));
              }
            } else {
              int slash = claimed.lastIndexOf('/');
              overriding.add(slash >= 0 ? claimed.substring(slash + 1) : claimed);
            }
          }
          if (!overriding.isEmpty()) {
            overriding.sort(null);
            status.set(ancestor, controller, "Overridden", true, "Overridden",
                "There are existing ClientTrafficPolicies that are overriding these sections "
                    + RouteTranslationLists.goList(overriding));
          }
          claimedScopes.computeIfAbsent(key, k -> new HashSet<>()).add(scopeKey);
          Errors errs = new Errors();
          List<String> http3Disabled = new ArrayList<>();
          for (ListenerContext l : gateway.listeners()) {
            if (targetsLs && !belongsTo(l, ls)) {
              continue;
            }
            String sectionKey = l.isFromListenerSet()
                ? l.listenerSet().namespace() + "/" + l.listenerSet().name() + "/" + l.name() : l.name();
            if (claimedSections.getOrDefault(key, Set.of()).contains(sectionKey)) {
              continue;
            }
            XdsDraft xds = gateways.ir().xds(l.gateway());
            String overlap = portOverlap(l, xds, targetsLs ? Scope.LISTENER_SET : Scope.GATEWAY);
            if (overlap != null) {
              errs.add(overlap);
              continue;
            }
            if (disablesHttp3(policy, xds.httpListener(Names.listener(l)))) {
              http3Disabled.add(l.name());
            }
            errs.add(translate(policy, l));
            if (targetsLs) {
              claimedSections.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(lsPrefix(ls) + l.name());
            }
          }
          if (!errs.isEmpty()) {
            status.set(ancestor, controller, "Accepted", false, "Invalid", RouteError.conditionMessage(errs.message()));
          }
          status.accept(ancestor, controller);
          if (!http3Disabled.isEmpty()) {
            status.warn(ancestor, controller, "UnsupportedHTTP3ClientValidation", http3Message(http3Disabled));
          }
          deprecations(policy, status, ancestor, controller);
        }
      }
    }
  }

  private static void deprecations(ClientTrafficPolicy policy, PolicyStatusBuilder status, ParentReference ancestor,
      String controller) {
    var spec = policy.spec();
    Map<String, String> deprecated = new TreeMap<>();
    if (spec.enableProxyProtocol() != null) {
      deprecated.put("spec.enableProxyProtocol", "spec.proxyProtocol");
    }
    if (spec.headers() != null && spec.headers().preserveXRequestID() != null) {
      deprecated.put("spec.headers.preserveXRequestID", "spec.headers.requestID");
    }
    if (spec.targetRef() != null) {
      deprecated.put("spec.targetRef", "spec.targetRefs");
    }
    if (spec.tls() != null && spec.tls().clientValidation() != null
        && Boolean.TRUE.equals(spec.tls().clientValidation().optional())) {
      deprecated.put("spec.tls.clientValidation.optional", "spec.tls.clientValidation.mode");
    }
    if (!deprecated.isEmpty()) {
      status.warn(ancestor, controller, "DeprecatedField", DeprecatedFields.message(deprecated));
    }
  }

  private static boolean disablesHttp3(ClientTrafficPolicy policy, HttpListenerDraft httpIr) {
    return httpIr != null && httpIr.tls != null && policy.spec().http3() != null && policy.spec().tls() != null
        && policy.spec().tls().clientValidation() != null;
  }

  private static String http3Message(List<String> names) {
    String target;
    if (names.size() > 1) {
      List<String> sorted = new ArrayList<>(names);
      sorted.sort(null);
      target = "listeners " + RouteTranslationLists.goList(sorted);
    } else {
      target = "listener \"" + names.getFirst() + "\"";
    }
    return "HTTP/3 was disabled for " + target
        + " because Envoy does not support downstream client TLS validation over QUIC";
  }

  /** Plain HTTP listeners sharing a port share one filter chain, so one policy cannot apply to one alone. */
  private static String portOverlap(ListenerContext l, XdsDraft xds, Scope scope) {
    String name = Names.listener(l);
    HttpListenerDraft httpIr = xds.httpListener(name);
    if (httpIr == null || httpIr.tls != null) {
      return null;
    }
    List<String> same = new ArrayList<>();
    for (HttpListenerDraft other : xds.http) {
      if (other != httpIr && other.port == httpIr.port) {
        same.add(other.name);
      }
    }
    if (same.isEmpty()) {
      return null;
    }
    if (scope != Scope.SECTION) {
      String[] parts = name.split("/");
      String prefix;
      if (scope == Scope.GATEWAY) {
        prefix = parts.length >= 2 ? parts[0] + "/" + parts[1] : name;
      } else {
        prefix = parts.length >= 4 ? parts[0] + "/" + parts[1] + "/" + parts[2] + "/" + parts[3] + "/" : name;
      }
      List<String> conflicting = same.stream().filter(s -> !s.startsWith(prefix)).toList();
      if (conflicting.isEmpty()) {
        return null;
      }
      same = conflicting;
    }
    return "ClientTrafficPolicy is being applied to multiple http (non https) listeners (" + String.join(", ", same)
        + ") on the same port, which is not allowed";
  }

  /** Applies the policy to one listener's IR; the error, or null. */
  private String translate(ClientTrafficPolicy policy, ListenerContext l) {
    ClientTrafficPolicySpec spec = policy.spec();
    XdsDraft xds = gateways.ir().xds(l.gateway());
    String name = Names.listener(l);
    HttpListenerDraft httpIr = xds.httpListener(name);
    TcpListenerDraft tcpIr = xds.tcpListener(name);
    Errors errs = new Errors();
    TcpKeepalive keepalive = null;
    ClientConnection connection = null;
    ClientTimeout timeout = null;
    try {
      keepalive = ListenerSettings.keepalive(spec.tcpKeepalive());
    } catch (PolicyException e) {
      errs.add("TCP KeepAlive", e);
    }
    try {
      connection = ListenerSettings.connection(spec.connection());
    } catch (PolicyException e) {
      errs.add("Connection", e);
    }
    ProxyProtocolSettings proxyProtocol = null;
    if (spec.proxyProtocol() != null) {
      proxyProtocol = new ProxyProtocolSettings(Boolean.TRUE.equals(spec.proxyProtocol().optional()));
    } else if (Boolean.TRUE.equals(spec.enableProxyProtocol())) {
      proxyProtocol = new ProxyProtocolSettings(false);
    }
    try {
      timeout = ListenerSettings.clientTimeout(spec.timeout());
    } catch (PolicyException e) {
      errs.add("Timeout", e);
    }
    if (httpIr != null) {
      if (spec.clientIPDetection() != null) {
        httpIr.clientIpDetection = spec.clientIPDetection();
      }
      String headerError = headers(spec.headers(), httpIr);
      if (headerError != null) {
        errs.add("Headers: " + headerError);
      }
      if (spec.path() != null) {
        boolean merge = spec.path().disableMergeSlashes() != null ? !spec.path().disableMergeSlashes() : httpIr.path.mergeSlashes();
        String action = spec.path().escapedSlashesAction() != null ? spec.path().escapedSlashesAction()
            : httpIr.path.escapedSlashesAction();
        httpIr.path = new PathSettings(merge, action);
      }
      String http1Error = http1(spec.http1(), connection, httpIr);
      if (http1Error != null) {
        errs.add("HTTP1: " + http1Error);
      }
      try {
        httpIr.http2 = ListenerSettings.http2(spec.http2());
      } catch (PolicyException e) {
        errs.add("HTTP2", e);
      }
      if (httpIr.tls != null && spec.http3() != null && !disablesHttp3(policy, httpIr)) {
        httpIr.http3 = new Empty();
        InfraDraft infra = gateways.ir().infra(l.gateway());
        for (int i = 0; i < infra.listeners.size(); i++) {
          ProxyListener pl = infra.listeners.get(i);
          if (pl.name().equals(name)) {
            infra.listeners.set(i, new ProxyListener(pl.name(), pl.ports(), new Empty()));
            break;
          }
        }
      }
      if (spec.grpc() != null) {
        Boolean stats = httpIr.grpc == null ? null : httpIr.grpc.enableGRPCStats();
        httpIr.grpc = new GrpcSettings(spec.grpc().enableWeb(), stats);
      }
      if (spec.healthCheck() != null) {
        httpIr.healthCheck = spec.healthCheck();
      }
      if ("MatchBackend".equals(spec.scheme())) {
        httpIr.matchBackendScheme = true;
      }
      TlsConfig tls = null;
      try {
        tls = tlsParameters(policy, httpIr.tls);
      } catch (TlsException e) {
        errs.add("TLS: " + e.getMessage());
        httpIr.tls = e.partial;
      }
      if (!errs.isEmpty()) {
        httpIr.routes.replaceAll(r -> r.withDirectResponse(new CustomResponse(null, null, 500, null)));
        return errs.message();
      }
      httpIr.tcpKeepalive = keepalive;
      httpIr.connection = connection;
      httpIr.proxyProtocol = proxyProtocol;
      httpIr.timeout = timeout;
      httpIr.tls = tls;
    }
    if (tcpIr != null) {
      TlsConfig tls = null;
      try {
        tls = tlsParameters(policy, tcpIr.tls);
      } catch (TlsException e) {
        errs.add("TLS: " + e.getMessage());
        shareListenerTls(tcpIr, e.partial);
      }
      if (!errs.isEmpty()) {
        tcpIr.routes.clear();
        return errs.message();
      }
      tcpIr.tcpKeepalive = keepalive;
      tcpIr.connection = connection;
      tcpIr.proxyProtocol = proxyProtocol;
      shareListenerTls(tcpIr, tls);
      tcpIr.timeout = timeout;
    }
    return errs.isEmpty() ? null : errs.message();
  }

  /**
   * Sets a TCP listener's TLS. Its terminating routes hold the listener's TLS itself in Envoy
   * Gateway (one object the policy changes in place), so they take the new settings too.
   */
  private static void shareListenerTls(TcpListenerDraft tcpIr, TlsConfig tls) {
    TlsConfig old = tcpIr.tls;
    tcpIr.tls = tls;
    if (old == null || tls == null) {
      return;
    }
    tcpIr.routes.replaceAll(r -> r.tls() != null && r.tls().terminate() == old
        ? r.withTls(new TlsRouteConfig(r.tls().inspector(), tls)) : r);
  }

  private static String headers(dev.attache.control.resource.envoygateway.HeaderSettings h, HttpListenerDraft httpIr) {
    if (h == null) {
      return null;
    }
    String requestId = h.requestID();
    if (requestId == null && Boolean.TRUE.equals(h.preserveXRequestID())) {
      requestId = "PreserveOrGenerate";
    }
    XForwardedClientCert xfcc = null;
    if (h.xForwardedClientCert() != null) {
      String mode = h.xForwardedClientCert().mode() == null ? "Sanitize" : h.xForwardedClientCert().mode();
      List<String> details = mode.equals("AppendForward") || mode.equals("SanitizeSet")
          ? h.xForwardedClientCert().certDetailsToAdd() : null;
      xfcc = new XForwardedClientCert(mode, details);
    }
    if (h.host() != null && h.host().stripTrailingHostDot() != null) {
      httpIr.host = new dev.attache.control.ir.HostSettings(h.host().stripTrailingHostDot());
    }
    Errors errs = new Errors();
    Integer maxKb = null;
    if (h.maxRequestHeaderLimit() != null) {
      Long bytes = h.maxRequestHeaderLimit().asLong();
      if (bytes == null || bytes < 1024) {
        errs.add("MaxRequestHeaderLimit value " + h.maxRequestHeaderLimit() + " must be at least 1Ki");
      } else if (bytes > 8192L * 1024) {
        errs.add("MaxRequestHeaderLimit value " + h.maxRequestHeaderLimit() + " exceeds the maximum of 8192Ki");
      } else {
        maxKb = (int) ((bytes + 1023) / 1024);
      }
    }
    ListenerSettings.HeaderChanges early = new ListenerSettings.HeaderChanges(null, null, null, null);
    ListenerSettings.HeaderChanges late = early;
    if (h.earlyRequestHeaders() != null) {
      early = ListenerSettings.headerModifier(h.earlyRequestHeaders(), "EarlyRequestHeaders");
      errs.add(early.error());
    }
    if (h.lateResponseHeaders() != null) {
      late = ListenerSettings.headerModifier(h.lateResponseHeaders(), "LateResponseHeaders");
      errs.add(late.error());
    }
    httpIr.headers = new HeaderSettings(Boolean.TRUE.equals(h.enableEnvoyHeaders()),
        Boolean.TRUE.equals(h.disableRateLimitHeaders()), xfcc,
        h.withUnderscoresAction() == null ? "RejectRequest" : h.withUnderscoresAction(), requestId,
        early.add(), early.remove(), early.removeOnMatch(), late.add(), late.remove(), late.removeOnMatch(), maxKb);
    return errs.isEmpty() ? null : errs.message();
  }

  private static String http1(dev.attache.control.resource.envoygateway.HTTP1Settings h, ClientConnection connection,
      HttpListenerDraft httpIr) {
    if (h == null) {
      return null;
    }
    List<StringMatch> ignored = new ArrayList<>();
    if (h.ignoredUpgradeTypes() != null) {
      for (var m : h.ignoredUpgradeTypes()) {
        ignored.add(ListenerSettings.stringMatch("", m));
      }
    }
    boolean disableSafeMaxConnectionDuration = connection != null && connection.limit() != null
        && connection.limit().maxConnectionDuration() != null && Boolean.TRUE.equals(h.disableSafeMaxConnectionDuration());
    Http10Settings http10 = null;
    if (h.http10() != null) {
      String defaultHost = null;
      if (Boolean.TRUE.equals(h.http10().useDefaultHost())) {
        for (String hostname : httpIr.hostnames) {
          if (!hostname.contains("*")) {
            defaultHost = hostname;
            break;
          }
        }
        if (defaultHost == null) {
          int matching = 0;
          for (HttpRoute r : httpIr.routes) {
            if (!r.hostname().isEmpty() && !r.hostname().contains("*")) {
              matching++;
              defaultHost = r.hostname();
            }
            if (matching > 1) {
              break;
            }
          }
          if (matching == 0) {
            return "cannot set http10 default host on listener with only wildcard hostnames";
          } else if (matching > 1) {
            return "cannot set http10 default host on listener with only wildcard hostnames and more than one possible "
                + "default route";
          }
        }
      }
      http10 = new Http10Settings(defaultHost);
    }
    httpIr.http1 = new Http1Settings(Boolean.TRUE.equals(h.enableTrailers()), Boolean.TRUE.equals(h.preserveHeaderCase()),
        http10, disableSafeMaxConnectionDuration, ignored);
    return null;
  }

  /** TLS settings being changed by a policy; on failure upstream keeps what was changed so far. */
  private static final class TlsState {
    List<String> alpn;
    String minVersion;
    String maxVersion;
    List<String> ciphers;
    List<String> curves;
    List<String> sigAlgs;
    List<String> fingerprints;
    boolean clientValidation;
    boolean requireClientCert;
    boolean acceptUntrusted;
    boolean allowExpired;
    TlsCaCertificate ca;
    List<String> spki;
    List<String> hashes;
    List<StringMatch> sans;
    TlsCrl crl;
    boolean stateless;
    boolean stateful;
    TlsConfig base;

    TlsConfig build() {
      return TlsConfig.builder().certificates(base.certificates()).clientCertificates(base.clientCertificates())
          .caCertificate(ca).requireClientCertificate(requireClientCert).clientValidationEnabled(clientValidation)
          .acceptUntrusted(acceptUntrusted).allowExpiredCertificate(allowExpired).verifyCertificateSpki(spki)
          .verifyCertificateHash(hashes).crl(crl).matchTypedSubjectAltNames(sans).minVersion(minVersion)
          .maxVersion(maxVersion).ciphers(ciphers).ecdhCurves(curves).signatureAlgorithms(sigAlgs).alpnProtocols(alpn)
          .statelessSessionResumption(stateless).statefulSessionResumption(stateful).fingerprints(fingerprints)
          .build();
    }
  }

  /** A TLS failure with the listener TLS as far as it was changed. */
  private static final class TlsException extends Exception {
    final TlsConfig partial;

    TlsException(String message, TlsConfig partial) {
      super(message, null, false, false);
      this.partial = partial;
    }
  }

  private TlsConfig tlsParameters(ClientTrafficPolicy policy, TlsConfig tls) throws TlsException {
    if (tls == null) {
      return null;
    }
    TlsState st = new TlsState();
    st.base = tls;
    try {
      tlsParameters(policy, tls, st);
    } catch (PolicyException e) {
      throw new TlsException(e.getMessage(), st.build());
    }
    return st.build();
  }

  private void tlsParameters(ClientTrafficPolicy policy, TlsConfig tls, TlsState st) throws PolicyException {
    var p = policy.spec().tls();
    st.alpn = tls.alpnProtocols();
    st.minVersion = "1.2";
    st.maxVersion = "1.3";
    st.ciphers = tls.ciphers();
    st.curves = tls.ecdhCurves();
    st.sigAlgs = tls.signatureAlgorithms();
    st.fingerprints = tls.fingerprints();
    st.clientValidation = tls.clientValidationEnabled();
    st.requireClientCert = tls.requireClientCertificate();
    st.acceptUntrusted = tls.acceptUntrusted();
    st.allowExpired = tls.allowExpiredCertificate();
    st.ca = tls.caCertificate();
    st.spki = new ArrayList<>(tls.verifyCertificateSpki());
    st.hashes = new ArrayList<>(tls.verifyCertificateHash());
    st.sans = new ArrayList<>(tls.matchTypedSubjectAltNames());
    st.crl = tls.crl();
    st.stateless = tls.statelessSessionResumption();
    st.stateful = tls.statefulSessionResumption();
    if (p != null) {
      if (p.alpnProtocols() != null) {
        st.alpn = List.copyOf(p.alpnProtocols());
      }
      if (p.minVersion() != null) {
        st.minVersion = p.minVersion();
      }
      if (p.maxVersion() != null) {
        st.maxVersion = p.maxVersion();
      }
      if (p.ciphers() != null && !p.ciphers().isEmpty()) {
        for (String c : p.ciphers()) {
          if (!VALID_CIPHERS.contains(c)) {
            throw new PolicyException("unsupported cipher suite: " + c);
          }
        }
        st.ciphers = p.ciphers();
      }
      if (p.ecdhCurves() != null && !p.ecdhCurves().isEmpty()) {
        st.curves = p.ecdhCurves();
      }
      if (p.signatureAlgorithms() != null && !p.signatureAlgorithms().isEmpty()) {
        st.sigAlgs = p.signatureAlgorithms();
      }
      if (p.fingerprints() != null) {
        st.fingerprints = p.fingerprints();
      }
      ClientValidationContext cv = p.clientValidation();
      if (cv != null) {
        String mode = cv.mode() != null ? cv.mode() : Boolean.TRUE.equals(cv.optional()) ? "VerifyIfGiven" : "RequireAndVerify";
        st.clientValidation = true;
        switch (mode) {
          case "Request" -> {
            st.requireClientCert = false;
            st.acceptUntrusted = true;
          }
          case "RequireAny" -> {
            st.requireClientCert = true;
            st.acceptUntrusted = true;
          }
          case "VerifyIfGiven" -> {
            st.requireClientCert = false;
            st.acceptUntrusted = false;
          }
          default -> {
            st.requireClientCert = true;
            st.acceptUntrusted = false;
          }
        }
        byte[] caBytes = new byte[0];
        Set<String> seen = new HashSet<>();
        for (SecretObjectReference ref : cv.caCertificateRefs() == null ? List.<SecretObjectReference>of()
            : cv.caCertificateRefs()) {
          byte[] data;
          try {
            data = RefData.at(ctx, KIND, policy.namespace(), ref, "ca.crt");
          } catch (PolicyException e) {
            throw new PolicyException("failed to get certificate from ref: " + e.getMessage());
          }
          CaCertificates.Filtered filtered = CaCertificates.filterValid(data);
          if (filtered.error() != null && !filtered.partial()) {
            throw new PolicyException("no valid certificates exist in " + ref.name() + ": " + filtered.error());
          }
          caBytes = CaCertificates.appendDedup(caBytes, filtered.valid(), seen);
        }
        if ((mode.equals("VerifyIfGiven") || mode.equals("RequireAndVerify")) && caBytes.length == 0) {
          if (cv.mode() == null && Boolean.TRUE.equals(cv.optional())) {
            throw new PolicyException("tls.clientValidation.optional=true requires caCertificateRefs (maps to mode \""
                + mode + "\")");
          }
          throw new PolicyException("tls.clientValidation.mode \"" + mode + "\" requires caCertificateRefs");
        }
        if (caBytes.length > 0) {
          st.ca = new TlsCaCertificate(Names.caCertificate(policy.namespace(), policy.name()), Bytes.of(caBytes), null);
        }
        if (cv.spkiHashes() != null) {
          st.spki.addAll(cv.spkiHashes());
        }
        if (cv.certificateHashes() != null) {
          st.hashes.addAll(cv.certificateHashes());
        }
        if (Boolean.TRUE.equals(cv.allowExpiredCertificate())) {
          st.allowExpired = true;
        }
        var san = cv.subjectAltNames();
        if (san != null) {
          addSans(st.sans, "DNS", san.dnsNames());
          addSans(st.sans, "EMAIL", san.emailAddresses());
          addSans(st.sans, "IP_ADDRESS", san.ipAddresses());
          addSans(st.sans, "URI", san.uris());
          if (san.otherNames() != null) {
            for (var o : san.otherNames()) {
              st.sans.add(ListenerSettings.stringMatch(o.oid(),
                  new dev.attache.control.resource.envoygateway.StringMatch(o.type(), o.value())));
            }
          }
        }
        if (cv.crl() != null) {
          byte[] crlData = new byte[0];
          for (SecretObjectReference ref : cv.crl().refs() == null ? List.<SecretObjectReference>of() : cv.crl().refs()) {
            byte[] data;
            try {
              data = RefData.at(ctx, KIND, policy.namespace(), ref, "ca.crl");
            } catch (PolicyException e) {
              throw new PolicyException("failed to get crl from ref: " + e.getMessage());
            }
            String error = CaCertificates.crlError(data);
            if (error != null) {
              throw new PolicyException("invalid crl in " + ref.name() + ": " + error);
            }
            byte[] joined = new byte[crlData.length + data.length];
            System.arraycopy(crlData, 0, joined, 0, crlData.length);
            System.arraycopy(data, 0, joined, crlData.length, data.length);
            crlData = joined;
          }
          if (crlData.length > 0) {
            st.crl = new TlsCrl(policy.namespace() + "/" + policy.name() + "/ca.crl", Bytes.of(crlData),
                Boolean.TRUE.equals(cv.crl().onlyVerifyLeafCertificate()));
          }
        }
      }
      if (p.session() != null && p.session().resumption() != null) {
        st.stateless = st.stateless || p.session().resumption().stateless() != null;
        st.stateful = st.stateful || p.session().resumption().stateful() != null;
      }
    }
  }

  private static void addSans(List<StringMatch> out, String name,
      List<dev.attache.control.resource.envoygateway.StringMatch> matches) {
    if (matches != null) {
      for (var m : matches) {
        out.add(ListenerSettings.stringMatch(name, m));
      }
    }
  }

  /** Every policy processed, with its status. */
  private List<ClientTrafficPolicy> withStatus() {
    List<ClientTrafficPolicy> out = new ArrayList<>();
    for (ClientTrafficPolicy p : handled) {
      statuses.get(p).truncate(ctx.settings.controllerName());
      out.add(new ClientTrafficPolicy(p.apiVersion(), p.kind(), p.metadata(), p.spec(), statuses.get(p).build()));
    }
    return out;
  }
}
