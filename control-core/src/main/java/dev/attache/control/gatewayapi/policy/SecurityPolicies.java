package dev.attache.control.gatewayapi.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.gatewayapi.attachment.TargetRef;
import dev.attache.control.gatewayapi.backend.BackendTls;
import dev.attache.control.gatewayapi.backend.Destinations;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.HttpListenerDraft;
import dev.attache.control.gatewayapi.context.IpAddresses;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.Re2;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.RouteParentContext;
import dev.attache.control.gatewayapi.context.SecretRefs;
import dev.attache.control.gatewayapi.context.TcpListenerDraft;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.listener.CelSyntax;
import dev.attache.control.gatewayapi.oidc.DiscoveryException;
import dev.attache.control.gatewayapi.oidc.OpenIdConfiguration;
import dev.attache.control.gatewayapi.tls.ServingCertificates;
import dev.attache.control.gatewayapi.traffic.ClusterSettingsTranslation;
import dev.attache.control.gatewayapi.traffic.PolicyException;
import dev.attache.control.ir.BodyToExtAuth;
import dev.attache.control.ir.Bytes;
import dev.attache.control.ir.ContextExtension;
import dev.attache.control.ir.Cors;
import dev.attache.control.ir.Csrf;
import dev.attache.control.ir.CustomResponse;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.ExtAuth;
import dev.attache.control.ir.GeoIpMaxMindProvider;
import dev.attache.control.ir.GeoIpProvider;
import dev.attache.control.ir.GrpcExtAuthService;
import dev.attache.control.ir.HttpExtAuthService;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.ir.Oidc;
import dev.attache.control.ir.OidcCookieConfig;
import dev.attache.control.ir.OidcCookieNames;
import dev.attache.control.ir.OidcDenyRedirect;
import dev.attache.control.ir.OidcDenyRedirectHeader;
import dev.attache.control.ir.OidcProvider;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.SecurityFeatures;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.ir.TcpAuthorization;
import dev.attache.control.ir.TcpRoute;
import dev.attache.control.ir.TlsUpstreamConfig;
import dev.attache.control.ir.TrafficFeatures;
import dev.attache.control.resource.envoygateway.BackendRef;
import dev.attache.control.resource.envoygateway.SecurityPolicy;
import dev.attache.control.resource.envoygateway.SecurityPolicySpec;
import dev.attache.control.resource.gatewayapi.ParentReference;
import dev.attache.control.resource.gatewayapi.PolicyStatus;
import dev.attache.control.resource.gatewayapi.SecretObjectReference;
import dev.attache.control.resource.meta.GoDuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * SecurityPolicy: CORS, CSRF, JWT, OIDC, API key and basic authentication, external
 * authorization and authorization rules of the routes a policy reaches, with the same attachment
 * and merge rules as the other route policies. JWT, API keys, basic auth and authorization rules
 * are carried in the IR as Envoy Gateway shapes them (Attaché's authz-service enforces them).
 * As Envoy Gateway's {@code ProcessSecurityPolicies}.
 */
final class SecurityPolicies extends ScopedPolicies<SecurityPolicy> {
  static final String KIND = "SecurityPolicy";
  private static final Map<String, String> MERGE_KEYS = Map.of("contextExtensions", "name");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern QUALIFIED_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");

  private final ExtServices ext;
  /**
   * The OIDC issuer discoveries of this translation by issuer URL: as Envoy Gateway's
   * per-translation cache, an issuer is asked once however many policies name it.
   */
  private final Map<String, Discovery> discoveries = new HashMap<>();

  /** What asking an issuer for its endpoints gave: its configuration, or why it failed. */
  private sealed interface Discovery {
    record Found(OpenIdConfiguration configuration) implements Discovery {}

    record Failed(String message) implements Discovery {}
  }

  SecurityPolicies(TranslationContext ctx, Gateways gateways, Destinations destinations, BackendTls backendTls) {
    super(ctx, gateways);
    this.ext = new ExtServices(ctx, destinations, backendTls);
  }

  @Override
  String policyKind() {
    return KIND;
  }

  @Override
  List<SecurityPolicy> policies() {
    return ctx.resources.securityPolicies();
  }

  @Override
  Targets targets(SecurityPolicy p) {
    return new Targets(p.spec().targetRef(), p.spec().targetRefs(), p.spec().targetSelectors());
  }

  @Override
  String mergeType(SecurityPolicy p) {
    return p.spec().mergeType();
  }

  @Override
  PolicyStatus existingStatus(SecurityPolicy p) {
    return p.status();
  }

  @Override
  SecurityPolicy withStatus(SecurityPolicy p, PolicyStatus status) {
    return new SecurityPolicy(p.apiVersion(), p.kind(), p.metadata(), p.spec(), status);
  }

  @Override
  Map<String, String> deprecatedFields(SecurityPolicy policy) {
    Map<String, String> deprecated = new TreeMap<>();
    var spec = policy.spec();
    if (spec.targetRef() != null) {
      deprecated.put("spec.targetRef", "spec.targetRefs");
    }
    if (spec.extAuth() != null) {
      if (spec.extAuth().grpc() != null && spec.extAuth().grpc().backendRef() != null) {
        deprecated.put("spec.extAuth.grpc.backendRef", "spec.extAuth.grpc.backendRefs");
      }
      if (spec.extAuth().http() != null && spec.extAuth().http().backendRef() != null) {
        deprecated.put("spec.extAuth.http.backendRef", "spec.extAuth.http.backendRefs");
      }
    }
    return deprecated;
  }

  @Override
  String routeOverrideNoun() {
    return "securityPolicies";
  }

  @Override
  String scopeNoun() {
    return "securityPolicies";
  }

  @Override
  boolean gatewayDeprecationsFirst() {
    return false;
  }

  @Override
  String validateForRoute(SecurityPolicy policy, TargetRef target) {
    if ("TCPRoute".equals(target.kind())) {
      String e = validateForTcp(policy);
      return e == null ? null : "invalid SecurityPolicy for TCP route: " + e;
    }
    String e = validate(policy);
    return e == null ? null : "invalid SecurityPolicy: " + e;
  }

  private static String validate(SecurityPolicy p) {
    var spec = p.spec();
    if (spec.apiKeyAuth() != null && spec.apiKeyAuth().extractFrom() != null) {
      for (var e : spec.apiKeyAuth().extractFrom()) {
        int n = (notEmpty(e.headers()) ? 1 : 0) + (notEmpty(e.params()) ? 1 : 0) + (notEmpty(e.cookies()) ? 1 : 0);
        if (n > 1) {
          return "only one of headers, params or cookies must be specified";
        }
      }
    }
    var oidc = spec.oidc();
    var jwt = spec.jwt();
    if (oidc != null && Boolean.TRUE.equals(oidc.passThroughAuthHeader())) {
      if (jwt == null) {
        return "the OIDC.PassThroughAuthHeader setting must be used in conjunction with JWT settings";
      }
      boolean valid = false;
      for (var provider : jwt.providers() == null ? List.<dev.attache.control.resource.envoygateway.JWTProvider>of()
          : jwt.providers()) {
        if (provider.extractFrom() == null || notEmpty(provider.extractFrom().headers())) {
          valid = true;
          break;
        }
      }
      if (!valid) {
        return "the OIDC.PassThroughAuthHeader setting must be used in conjunction with a JWT provider that is "
            + "configured to read from a header";
      }
      if (oidc.forwardIDToken() != null) {
        String fwd = oidc.forwardIDToken().header();
        for (var provider : jwt.providers()) {
          if (provider.extractFrom() == null) {
            if ("Authorization".equalsIgnoreCase(fwd)) {
              return "the OIDC.ForwardIDToken header \"" + fwd + "\" cannot be the Authorization header when "
                  + "passThroughAuthHeader is enabled and a JWT provider reads from it";
            }
            continue;
          }
          for (var h : provider.extractFrom().headers() == null
              ? List.<dev.attache.control.resource.envoygateway.JWTHeaderExtractor>of()
              : provider.extractFrom().headers()) {
            if (fwd.equalsIgnoreCase(h.name())) {
              return "the OIDC.ForwardIDToken header \"" + fwd + "\" cannot be the same as a JWT provider extractFrom "
                  + "header when passThroughAuthHeader is enabled";
            }
          }
        }
      }
    }
    return null;
  }

  private static boolean notEmpty(List<?> l) {
    return l != null && !l.isEmpty();
  }

  private static String validateForTcp(SecurityPolicy p) {
    var s = p.spec();
    if (s.cors() != null || s.csrf() != null || s.jwt() != null || s.oidc() != null || s.apiKeyAuth() != null
        || s.basicAuth() != null || s.extAuth() != null) {
      return "only authorization is supported for TCP (routes/listeners)";
    }
    if (s.authorization() == null || s.authorization().rules() == null) {
      return null;
    }
    for (int i = 0; i < s.authorization().rules().size(); i++) {
      var rule = s.authorization().rules().get(i);
      if (rule.cel() != null) {
        return "rule " + i + ": CEL not supported for TCP";
      }
      if (rule.principal() == null) {
        continue;
      }
      if (rule.principal().jwt() != null) {
        return "rule " + i + ": JWT not supported for TCP";
      }
      if (notEmpty(rule.principal().headers())) {
        return "rule " + i + ": headers not supported for TCP";
      }
      if (notEmpty(rule.principal().clientIPGeoLocations())) {
        return "rule " + i + ": clientIPGeoLocations not supported for TCP";
      }
      for (String c : rule.principal().clientCIDRs() == null ? List.<String>of() : rule.principal().clientCIDRs()) {
        try {
          RateLimits.cidr(c, false, false);
        } catch (PolicyException e) {
          return "rule " + i + ": invalid ClientCIDR \"" + c + "\": invalid CIDR address: " + c;
        }
      }
    }
    return null;
  }

  /** Which policy (route or parent) each merged field came from, for namespaces and names. */
  private record Owners(SecurityPolicy basicAuth, SecurityPolicy apiKeyAuth, SecurityPolicy authorization,
      SecurityPolicy extAuth, SecurityPolicy extAuthBackendRefs, Map<String, SecurityPolicy> contextExtensions,
      SecurityPolicy oidc, SecurityPolicy oidcProviderBackendRefs, SecurityPolicy oidcClientIdRef,
      SecurityPolicy oidcClientSecret, SecurityPolicy jwtProviders) {
    static final Owners NONE = new Owners(null, null, null, null, null, Map.of(), null, null, null, null, null);
  }

  private static SecurityPolicy ownerOf(SecurityPolicy route, SecurityPolicy parent, Predicate<SecurityPolicySpec> owns) {
    return owns.test(route.spec()) ? route : parent;
  }

  private static SecurityPolicy or(SecurityPolicy owner, SecurityPolicy fallback) {
    return owner != null ? owner : fallback;
  }

  private static Owners owners(SecurityPolicy route, SecurityPolicy parent) {
    Map<String, SecurityPolicy> ctxExt = new HashMap<>();
    if (parent.spec().extAuth() != null && parent.spec().extAuth().contextExtensions() != null) {
      parent.spec().extAuth().contextExtensions().forEach(e -> ctxExt.put(e.name(), parent));
    }
    if (route.spec().extAuth() != null && route.spec().extAuth().contextExtensions() != null) {
      route.spec().extAuth().contextExtensions().forEach(e -> ctxExt.put(e.name(), route));
    }
    return new Owners(
        ownerOf(route, parent, s -> s.basicAuth() != null),
        ownerOf(route, parent, s -> s.apiKeyAuth() != null && notEmpty(s.apiKeyAuth().credentialRefs())),
        ownerOf(route, parent, s -> s.authorization() != null && notEmpty(s.authorization().rules())),
        ownerOf(route, parent, s -> s.extAuth() != null),
        ownerOf(route, parent, s -> {
          var ea = s.extAuth();
          return ea != null && ((ea.http() != null && (notEmpty(ea.http().backendRefs()) || ea.http().backendRef() != null))
              || (ea.grpc() != null && (notEmpty(ea.grpc().backendRefs()) || ea.grpc().backendRef() != null)));
        }),
        ctxExt,
        ownerOf(route, parent, s -> s.oidc() != null),
        ownerOf(route, parent, s -> s.oidc() != null && notEmpty(s.oidc().provider().backendRefs())),
        ownerOf(route, parent, s -> s.oidc() != null && s.oidc().clientIDRef() != null),
        ownerOf(route, parent, s -> s.oidc() != null),
        ownerOf(route, parent, s -> s.jwt() != null && notEmpty(s.jwt().providers())));
  }

  @Override
  String translateForRoute(SecurityPolicy policy, RouteContext route, TargetRef target, ListenerContext listener) {
    return translateRoute(policy, Owners.NONE, route, target, listener);
  }

  @Override
  String translateForRouteWithMerge(SecurityPolicy policy, SecurityPolicy parent, TargetRef target,
      ListenerContext listener, RouteContext route) {
    SecurityPolicy merged;
    try {
      merged = PolicyMerge.merge(parent, policy, SecurityPolicy.class, policy.spec().mergeType(), MERGE_KEYS);
    } catch (PolicyMerge.MergeException e) {
      return "error merging policies: " + e.getMessage();
    }
    String invalid = "TCPRoute".equals(target.kind()) ? validateForTcp(merged) : validate(merged);
    if (invalid != null) {
      return invalid;
    }
    return translateRoute(merged, owners(policy, parent), route, target, listener);
  }

  private static final class Errors2 {
    final List<String> all = new ArrayList<>();
    boolean nonExtAuth;

    void add(String prefix, PolicyException e, boolean counts) {
      all.add(prefix + ": " + e.getMessage());
      nonExtAuth |= counts;
    }

    String message() {
      return all.isEmpty() ? null : String.join("\n", all);
    }
  }

  private String translateRoute(SecurityPolicy policy, Owners owners, RouteContext route, TargetRef target,
      ListenerContext targetListener) {
    var spec = policy.spec();
    Errors2 errs = new Errors2();
    Cors cors = spec.cors() == null ? null : cors(spec.cors());
    Csrf csrf = spec.csrf() == null ? null : csrf(spec.csrf());
    JsonNode basicAuth = null;
    JsonNode apiKeyAuth = null;
    JsonNode authorization = null;
    if (spec.basicAuth() != null) {
      try {
        basicAuth = basicAuth(policy, owners);
      } catch (PolicyException e) {
        errs.add("BasicAuth", e, true);
      }
    }
    if (spec.apiKeyAuth() != null) {
      try {
        apiKeyAuth = apiKeyAuth(policy, owners);
      } catch (PolicyException e) {
        errs.add("APIKeyAuth", e, true);
      }
    }
    if (spec.authorization() != null) {
      try {
        authorization = authorization(policy, owners);
      } catch (PolicyException e) {
        errs.add("Authorization", e, true);
      }
    }
    String prefix = Names.routePrefix(route);
    String targetListenerName = targetListener == null ? null : Names.listener(targetListener);
    for (ParentReference p : route.parentRefs()) {
      RouteParentContext parent = route.parentContext(p);
      if (parent == null || parent.gateway() == null) {
        continue;
      }
      GatewayContext gateway = parent.gateway();
      if (targetListener != null && gateway != targetListener.gateway()) {
        continue;
      }
      ExtAuth extAuth = null;
      boolean extAuthFailed = false;
      if (spec.extAuth() != null) {
        try {
          extAuth = extAuth(policy, owners, gateway);
        } catch (PolicyException e) {
          errs.add("ExtAuth", e, false);
          extAuthFailed = true;
        }
      }
      Oidc oidc = null;
      if (spec.oidc() != null) {
        try {
          oidc = oidc(policy, owners, gateway);
        } catch (PolicyException e) {
          errs.add("OIDC", e, true);
        }
      }
      JsonNode jwt = null;
      if (spec.jwt() != null) {
        try {
          jwt = jwt(policy, owners, gateway);
        } catch (PolicyException e) {
          errs.add("JWT", e, true);
        }
      }
      SecurityFeatures features = new SecurityFeatures(jwt, basicAuth, apiKeyAuth, authorization, oidc, extAuth, cors,
          csrf);
      XdsDraft xds = gateways.ir().xds(gateway);
      if ("TCPRoute".equals(route.kind())) {
        for (ListenerContext l : parent.listeners()) {
          if (targetListenerName != null && !targetListenerName.equals(Names.listener(l))) {
            continue;
          }
          TcpListenerDraft tl = xds.tcpListener(Names.listener(l));
          if (tl == null) {
            continue;
          }
          for (int i = 0; i < tl.routes.size(); i++) {
            TcpRoute r = tl.routes.get(i);
            String section = r.destination() == null || r.destination().metadata() == null
                || r.destination().metadata().sectionName() == null ? "" : r.destination().metadata().sectionName();
            if (target.sectionName() != null && !target.sectionName().equals(section)) {
              continue;
            }
            if (r.authorization() != null || authorization == null) {
              continue;
            }
            tl.routes.set(i, withAuthorization(r, authorization));
          }
        }
      } else if ("HTTPRoute".equals(route.kind()) || "GRPCRoute".equals(route.kind())) {
        boolean hasBaseErrs = !errs.all.isEmpty();
        for (ListenerContext l : parent.listeners()) {
          if (targetListenerName != null && !targetListenerName.equals(Names.listener(l))) {
            continue;
          }
          HttpListenerDraft hl = xds.httpListener(Names.listener(l));
          if (hl == null) {
            continue;
          }
          boolean geoValidated = false;
          boolean geoFailed = false;
          boolean listenerNonExtAuth = errs.nonExtAuth;
          for (int i = 0; i < hl.routes.size(); i++) {
            HttpRoute r = hl.routes.get(i);
            String section = r.metadata() == null || r.metadata().sectionName() == null ? ""
                : r.metadata().sectionName();
            if (target.sectionName() != null && !target.sectionName().equals(section)) {
              continue;
            }
            if (!r.name().startsWith(prefix) || r.security() != null) {
              continue;
            }
            r = r.withSecurity(features).withMetadata(nameForAuthz(r.metadata(), features, policy));
            hl.routes.set(i, r);
            if (!geoValidated && usesGeoLocations(authorization)) {
              // Validated here, once per listener: it depends on the listener's client IP detection.
              try {
                hl.geoIpProvider = geoIp(authorization, gateway, hl);
              } catch (PolicyException e) {
                errs.add("Authorization", e, true);
                geoFailed = true;
                listenerNonExtAuth = true;
              }
              geoValidated = true;
            }
            if (hasBaseErrs || geoFailed) {
              boolean failOpen = extAuthFailed && !listenerNonExtAuth && Boolean.TRUE.equals(spec.extAuth().failOpen());
              if (!failOpen) {
                hl.routes.set(i, r.withDirectResponse(new CustomResponse(null, null, 500, null)));
              }
            }
          }
        }
      }
    }
    return errs.message();
  }

  /**
   * Names the policy on a route whose JWT, API key, basic auth or authorization rules Attaché's
   * authz-service enforces: the xDS translator points the route's ext_authz check at that policy.
   * Envoy Gateway's IR has no such entry (its Envoy filters carry the settings themselves), so this
   * is one of the deliberate differences.
   */
  private static dev.attache.control.ir.ResourceMetadata nameForAuthz(dev.attache.control.ir.ResourceMetadata md,
      SecurityFeatures f, SecurityPolicy policy) {
    if (md == null || (f.jwt() == null && f.basicAuth() == null && f.apiKeyAuth() == null
        && f.authorization() == null)) {
      return md;
    }
    List<dev.attache.control.ir.PolicyMetadata> policies = new ArrayList<>(md.policies() == null ? List.of()
        : md.policies());
    policies.add(new dev.attache.control.ir.PolicyMetadata(KIND, policy.name(), policy.namespace()));
    return new dev.attache.control.ir.ResourceMetadata(md.kind(), md.name(), md.namespace(), md.annotations(),
        md.sectionName(), policies);
  }

  private static TcpRoute withAuthorization(TcpRoute r, JsonNode authorization) {
    return new TcpRoute(r.dns(), r.name(), r.statName(), r.tls(), r.destination(), r.tcpKeepalive(), r.loadBalancer(),
        r.timeout(), r.circuitBreaker(), r.metadata(), r.backendConnection(), r.healthCheck(), r.proxyProtocol(),
        r.preconnect(), tcpAuthorization(authorization));
  }

  private static TcpAuthorization tcpAuthorization(JsonNode authorization) {
    try {
      return new com.fasterxml.jackson.databind.ObjectMapper()
          .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .treeToValue(authorization, TcpAuthorization.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
      throw new IllegalStateException("authorization does not read as TCP authorization", e);
    }
  }

  @Override
  String translateForListeners(SecurityPolicy policy, GatewayContext gateway, List<ListenerContext> listeners,
      boolean gatewayWide) {
    var spec = policy.spec();
    Errors2 errs = new Errors2();
    Cors cors = spec.cors() == null ? null : cors(spec.cors());
    Csrf csrf = spec.csrf() == null ? null : csrf(spec.csrf());
    JsonNode jwt = null;
    Oidc oidc = null;
    JsonNode basicAuth = null;
    JsonNode apiKeyAuth = null;
    JsonNode authorization = null;
    ExtAuth extAuth = null;
    boolean extAuthFailed = false;
    if (spec.jwt() != null) {
      try {
        jwt = jwt(policy, Owners.NONE, gateway);
      } catch (PolicyException e) {
        errs.add("JWT", e, true);
      }
    }
    if (spec.oidc() != null) {
      try {
        oidc = oidc(policy, Owners.NONE, gateway);
      } catch (PolicyException e) {
        errs.add("OIDC", e, true);
      }
    }
    if (spec.basicAuth() != null) {
      try {
        basicAuth = basicAuth(policy, Owners.NONE);
      } catch (PolicyException e) {
        errs.add("BasicAuth", e, true);
      }
    }
    if (spec.apiKeyAuth() != null) {
      try {
        apiKeyAuth = apiKeyAuth(policy, Owners.NONE);
      } catch (PolicyException e) {
        errs.add("APIKeyAuth", e, true);
      }
    }
    if (spec.authorization() != null) {
      try {
        authorization = authorization(policy, Owners.NONE);
      } catch (PolicyException e) {
        errs.all.add(e.getMessage());
        errs.nonExtAuth = true;
      }
    }
    if (spec.extAuth() != null) {
      try {
        extAuth = extAuth(policy, Owners.NONE, gateway);
      } catch (PolicyException e) {
        errs.add("ExtAuth", e, false);
        extAuthFailed = true;
      }
    }
    XdsDraft xds = gateways.ir().xds(gateway);
    Set<String> names = new HashSet<>();
    for (ListenerContext l : listeners) {
      names.add(Names.listener(l));
    }
    SecurityFeatures features = new SecurityFeatures(jwt, basicAuth, apiKeyAuth, authorization, oidc, extAuth, cors,
        csrf);
    boolean hasBaseErrs = !errs.all.isEmpty();
    for (HttpListenerDraft h : xds.http) {
      if (!names.contains(h.name)) {
        continue;
      }
      boolean geoFailed = false;
      boolean listenerNonExtAuth = errs.nonExtAuth;
      if (usesGeoLocations(authorization)) {
        try {
          h.geoIpProvider = geoIp(authorization, gateway, h);
        } catch (PolicyException e) {
          errs.add("Authorization", e, true);
          geoFailed = true;
          listenerNonExtAuth = true;
        }
      }
      boolean failOpen = extAuthFailed && !listenerNonExtAuth && Boolean.TRUE.equals(spec.extAuth().failOpen());
      boolean answer500 = (hasBaseErrs || geoFailed) && !failOpen;
      h.routes.replaceAll(r -> {
        if (r.security() != null) {
          return r;
        }
        HttpRoute secured = r.withSecurity(features).withMetadata(nameForAuthz(r.metadata(), features, policy));
        return answer500 ? secured.withDirectResponse(new CustomResponse(null, null, 500, null)) : secured;
      });
    }
    if (authorization != null) {
      for (TcpListenerDraft tl : xds.tcp) {
        if (!names.contains(tl.name)) {
          continue;
        }
        for (int i = 0; i < tl.routes.size(); i++) {
          if (tl.routes.get(i).authorization() == null) {
            tl.routes.set(i, withAuthorization(tl.routes.get(i), authorization));
          }
        }
      }
    }
    return errs.message();
  }

  // ---- features ----

  private static boolean usesGeoLocations(JsonNode authorization) {
    if (authorization == null) {
      return false;
    }
    for (JsonNode rule : authorization.path("rules")) {
      if (!rule.path("principal").path("clientIPGeoLocations").isEmpty()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The geolocation databases authorization by client location needs, from the gateway's
   * EnvoyProxy; the listener must detect client addresses one way, and not through trusted CIDRs.
   */
  private static GeoIpProvider geoIp(JsonNode authorization, GatewayContext gateway, HttpListenerDraft listener)
      throws PolicyException {
    var detection = listener.clientIpDetection;
    if (detection == null) {
      throw new PolicyException(
          "authorization clientIPGeoLocations requires ClientTrafficPolicy.spec.clientIPDetection to be configured");
    }
    int modes = (detection.xForwardedFor() != null ? 1 : 0) + (detection.customHeader() != null ? 1 : 0)
        + (detection.directSourceIP() != null ? 1 : 0);
    if (modes != 1) {
      throw new PolicyException("authorization clientIPGeoLocations requires exactly one of "
          + "ClientTrafficPolicy.spec.clientIPDetection.{xForwardedFor,customHeader,directSourceIP}");
    }
    if (detection.xForwardedFor() != null && detection.xForwardedFor().trustedCIDRs() != null
        && !detection.xForwardedFor().trustedCIDRs().isEmpty()) {
      throw new PolicyException(
          "authorization clientIPGeoLocations does not support ClientIPDetection.XForwardedFor.TrustedCIDRs");
    }
    var ep = gateway.envoyProxy();
    var geo = ep == null || ep.spec() == null ? null : ep.spec().geoIP();
    GeoIpMaxMindProvider maxMind = null;
    if (geo != null) {
      var provider = geo.provider();
      String type = provider == null || provider.type() == null ? "" : provider.type();
      if (!type.equals("MaxMind")) {
        throw new PolicyException("unsupported geoIP provider type \"" + type + "\"");
      }
      var m = provider.maxMind();
      if (m == null) {
        throw new PolicyException("geoIP provider MaxMind is missing maxMind configuration");
      }
      maxMind = new GeoIpMaxMindProvider(dbPath(m.cityDbSource()), dbPath(m.countryDbSource()),
          dbPath(m.asnDbSource()), dbPath(m.ispDbSource()), dbPath(m.anonymousIpDbSource()));
    }
    if (maxMind == null) {
      throw new PolicyException(
          "authorization clientIPGeoLocations requires EnvoyProxy.spec.geoIP.provider to be configured");
    }
    boolean country = false;
    boolean region = false;
    boolean city = false;
    boolean asn = false;
    boolean isp = false;
    boolean anonymous = false;
    for (JsonNode rule : authorization.path("rules")) {
      for (JsonNode g : rule.path("principal").path("clientIPGeoLocations")) {
        country |= g.hasNonNull("country");
        region |= g.hasNonNull("region");
        city |= g.hasNonNull("city");
        asn |= g.hasNonNull("asn");
        isp |= g.hasNonNull("isp");
        anonymous |= g.hasNonNull("anonymous");
      }
    }
    String requires = "authorization clientIPGeoLocations.%s requires EnvoyProxy.spec.geoIP.provider.maxMind.%s";
    if (country && maxMind.countryDbPath() == null && maxMind.cityDbPath() == null) {
      throw new PolicyException(String.format(requires, "country", "countryDbSource or cityDbSource"));
    }
    if (region && maxMind.cityDbPath() == null) {
      throw new PolicyException(String.format(requires, "region", "cityDbSource"));
    }
    if (city && maxMind.cityDbPath() == null) {
      throw new PolicyException(String.format(requires, "city", "cityDbSource"));
    }
    if (asn && maxMind.asnDbPath() == null) {
      throw new PolicyException(String.format(requires, "asn", "asnDbSource"));
    }
    if (isp && maxMind.ispDbPath() == null) {
      throw new PolicyException(String.format(requires, "isp", "ispDbSource"));
    }
    if (anonymous && maxMind.anonymousIpDbPath() == null) {
      throw new PolicyException(String.format(requires, "anonymous", "anonymousIpDbSource"));
    }
    return new GeoIpProvider(maxMind);
  }

  private static String dbPath(dev.attache.control.resource.envoygateway.GeoIPDBSource source) {
    return source == null || source.local() == null ? null : source.local().path();
  }

  private static String wildcardRegex(String wildcard) {
    return Re2.quoteMeta(wildcard).replace("\\*", ".*");
  }

  private static Cors cors(dev.attache.control.resource.envoygateway.CORS c) {
    List<StringMatch> origins = new ArrayList<>();
    for (String o : c.allowOrigins() == null ? List.<String>of() : c.allowOrigins()) {
      origins.add(o.contains("*") ? new StringMatch("", null, null, null, wildcardRegex(o), false, null)
          : new StringMatch("", o, null, null, null, false, null));
    }
    GoDuration maxAge = c.maxAge() == null ? null : ClusterSettingsTranslation.goDuration(c.maxAge());
    return new Cors(origins, c.allowMethods(), c.allowHeaders(), c.exposeHeaders(), maxAge,
        Boolean.TRUE.equals(c.allowCredentials()));
  }

  private static Csrf csrf(dev.attache.control.resource.envoygateway.CSRF c) {
    List<StringMatch> origins = new ArrayList<>();
    for (String o : c.additionalOrigins() == null ? List.<String>of() : c.additionalOrigins()) {
      int scheme = o.indexOf("://");
      String hostAndPort = scheme >= 0 ? o.substring(scheme + 3) : o;
      origins.add(hostAndPort.contains("*")
          ? new StringMatch("", null, null, null, wildcardRegex(hostAndPort), false, null)
          : new StringMatch("", hostAndPort, null, null, null, false, null));
    }
    var f = c.shadowFraction();
    return new Csrf(f == null ? null : new dev.attache.control.ir.Fraction(f.numerator(), f.denominator()), origins);
  }

  private Bytes secretData(SecurityPolicy owner, SecretObjectReference ref, String key, String missing)
      throws PolicyException {
    var secret = secret(owner, ref);
    byte[] data = ServingCertificates.data(secret, key);
    if (data.length == 0) {
      throw new PolicyException(missing.replace("%s", secret.namespace() + "/" + secret.name()));
    }
    return Bytes.of(data);
  }

  private dev.attache.control.resource.core.Secret secret(SecurityPolicy owner, SecretObjectReference ref)
      throws PolicyException {
    try {
      return SecretRefs.resolve(ctx, true, GROUP, KIND, owner.namespace(), ref);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(e.getMessage());
    }
  }

  private static String configName(SecurityPolicy p) {
    return "securitypolicy/" + p.namespace() + "/" + p.name();
  }

  private JsonNode basicAuth(SecurityPolicy policy, Owners owners) throws PolicyException {
    SecurityPolicy owner = or(owners.basicAuth(), policy);
    var secret = secret(owner, policy.spec().basicAuth().users());
    byte[] users = ServingCertificates.data(secret, ".htpasswd");
    if (users.length == 0) {
      throw new PolicyException("secret " + secret.namespace() + "/" + secret.name()
          + " must contain a non-empty \".htpasswd\" key");
    }
    String text = new String(users, StandardCharsets.UTF_8).replace("\r\n", "\n");
    for (String line : text.split("\n", -1)) {
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw new PolicyException("invalid htpasswd format: each line must be in the format 'username:password'");
      }
      String password = line.substring(colon + 1);
      if (!password.startsWith("{SHA}")) {
        throw new PolicyException("unsupported htpasswd format: please use {SHA}");
      }
      byte[] sha;
      try {
        sha = Base64.getDecoder().decode(password.substring(5));
      } catch (IllegalArgumentException e) {
        throw new PolicyException("invalid htpasswd format: {SHA} must be base64-encoded SHA1");
      }
      if (sha.length != 20) {
        throw new PolicyException("invalid htpasswd format: {SHA} must be SHA1 (20 bytes)");
      }
    }
    ObjectNode out = NODES.objectNode();
    out.put("name", configName(owner));
    out.put("users", "[redacted]");
    if (policy.spec().basicAuth().forwardUsernameHeader() != null) {
      out.put("forwardUsernameHeader", policy.spec().basicAuth().forwardUsernameHeader());
    }
    return out;
  }

  private JsonNode apiKeyAuth(SecurityPolicy policy, Owners owners) throws PolicyException {
    SecurityPolicy owner = or(owners.apiKeyAuth(), policy);
    var spec = policy.spec().apiKeyAuth();
    ArrayNode credentials = NODES.arrayNode();
    Set<String> seenKeys = new HashSet<>();
    Set<String> seenClients = new HashSet<>();
    for (SecretObjectReference ref : spec.credentialRefs() == null ? List.<SecretObjectReference>of()
        : spec.credentialRefs()) {
      var secret = secret(owner, ref);
      for (String client : new TreeSet<>(secret.data() == null ? Set.<String>of() : secret.data().keySet())) {
        String key = new String(ServingCertificates.data(secret, client), StandardCharsets.UTF_8);
        if (seenClients.contains(client)) {
          continue;
        }
        if (!seenKeys.add(key)) {
          throw new PolicyException("duplicated API key");
        }
        seenClients.add(client);
        ObjectNode c = credentials.addObject();
        c.put("client", "[redacted]");
        c.put("key", "[redacted]");
      }
    }
    ObjectNode out = NODES.objectNode();
    if (!credentials.isEmpty()) {
      out.set("credentials", credentials);
    }
    ArrayNode extract = out.putArray("extractFrom");
    for (var e : spec.extractFrom() == null ? List.<dev.attache.control.resource.envoygateway.ExtractFrom>of()
        : spec.extractFrom()) {
      extract.add(IrWriter.toTree(e));
    }
    if (spec.forwardClientIDHeader() != null) {
      out.put("forwardClientIDHeader", spec.forwardClientIDHeader());
    }
    if (spec.sanitize() != null) {
      out.put("sanitize", spec.sanitize());
    }
    return out;
  }

  private JsonNode authorization(SecurityPolicy policy, Owners owners) throws PolicyException {
    SecurityPolicy owner = or(owners.authorization(), policy);
    var a = policy.spec().authorization();
    ObjectNode out = NODES.objectNode();
    ArrayNode rules = NODES.arrayNode();
    var list = a.rules() == null ? List.<dev.attache.control.resource.envoygateway.AuthorizationRule>of() : a.rules();
    for (int i = 0; i < list.size(); i++) {
      var rule = list.get(i);
      ObjectNode principal = NODES.objectNode();
      if (rule.principal() != null) {
        var p = rule.principal();
        if (notEmpty(p.clientCIDRs())) {
          ArrayNode cidrs = principal.putArray("clientCIDRs");
          for (String c : p.clientCIDRs()) {
            try {
              cidrs.add(IrWriter.toTree(RateLimits.cidr(c, false, false)));
            } catch (PolicyException e) {
              throw new PolicyException("unable to translate authorization rule: invalid CIDR address: " + c);
            }
          }
        }
        if (p.jwt() != null) {
          principal.set("jwt", IrWriter.toTree(p.jwt()));
        }
        if (notEmpty(p.headers())) {
          principal.set("headers", IrWriter.toTree(p.headers()));
        }
        if (notEmpty(p.clientIPGeoLocations())) {
          principal.set("clientIPGeoLocations", IrWriter.toTree(p.clientIPGeoLocations()));
        }
      }
      if (rule.operation() != null && rule.operation().path() != null
          && "RegularExpression".equals(rule.operation().path().type())) {
        String error = Re2.error(rule.operation().path().value());
        if (error != null) {
          throw new PolicyException("unable to translate authorization rule: " + error);
        }
      }
      String name = rule.name() != null && !rule.name().isEmpty() ? rule.name()
          : configName(owner) + "/authorization/rule/" + i;
      if (rule.cel() != null && !CelSyntax.parses(rule.cel())) {
        throw new PolicyException("invalid CEL expression: " + rule.cel());
      }
      ObjectNode r = rules.addObject();
      r.put("name", name);
      r.put("action", rule.action());
      if (rule.operation() != null) {
        r.set("operation", IrWriter.toTree(rule.operation()));
      }
      r.set("principal", principal);
      if (rule.cel() != null) {
        r.put("cel", rule.cel());
      }
    }
    if (!rules.isEmpty()) {
      out.set("rules", rules);
    }
    out.put("defaultAction", a.defaultAction() == null ? "Deny" : a.defaultAction());
    return out;
  }

  private List<BackendRef> refs(dev.attache.control.resource.gatewayapi.BackendObjectReference single,
      List<BackendRef> refs) {
    if (notEmpty(refs)) {
      return refs;
    }
    if (single != null) {
      return List.of(new BackendRef(single.group(), single.kind(), single.name(), single.namespace(), single.port(),
          null, null));
    }
    return List.of();
  }

  private static TrafficFeatures traffic(dev.attache.control.resource.envoygateway.ClusterSettings s)
      throws PolicyException {
    return ClusterSettingsTranslation.translate(s);
  }

  private ExtAuth extAuth(SecurityPolicy policy, Owners owners, GatewayContext gateway) throws PolicyException {
    var ea = policy.spec().extAuth();
    var http = ea.http();
    var grpc = ea.grpc();
    SecurityPolicy refsOwner = or(owners.extAuthBackendRefs(), policy);
    if (http == null && grpc == null) {
      throw new PolicyException("one of grpc or http must be specified");
    } else if (http != null && grpc != null) {
      throw new PolicyException("only one of grpc or http can be specified");
    }
    String protocol;
    List<BackendRef> backendRefs;
    dev.attache.control.resource.envoygateway.ClusterSettings settings;
    if (http != null) {
      protocol = "HTTP";
      settings = http.backendSettings();
      backendRefs = refs(http.backendRef(), http.backendRefs());
      if (backendRefs.isEmpty()) {
        throw new PolicyException("http backend refs must be specified");
      }
    } else {
      protocol = "GRPC";
      settings = grpc.backendSettings();
      backendRefs = refs(grpc.backendRef(), grpc.backendRefs());
      if (backendRefs.isEmpty()) {
        throw new PolicyException("grpc backend refs must be specified");
      }
    }
    RouteDestination rd = ext.translate(refsOwner, KIND, backendRefs, protocol, gateway, "extauth", 0);
    String authority = "";
    for (BackendRef r : backendRefs) {
      if (authority.isEmpty()) {
        authority = authority(r, refsOwner);
      }
    }
    TrafficFeatures traffic = traffic(settings);
    List<ContextExtension> contextExtensions = null;
    if (notEmpty(ea.contextExtensions())) {
      contextExtensions = new ArrayList<>();
      for (var e : ea.contextExtensions()) {
        Bytes value = null;
        if ("ValueRef".equals(e.type())) {
          SecurityPolicy owner = or(owners.contextExtensions().get(e.name()), policy);
          value = contextValue(e.valueRef(), owner.namespace());
        } else if (e.value() != null) {
          value = Bytes.of(e.value().getBytes(StandardCharsets.UTF_8));
        }
        contextExtensions.add(new ContextExtension(e.name(), value));
      }
    }
    SecurityPolicy extAuthOwner = or(owners.extAuth(), policy);
    GoDuration timeout = ea.timeout() == null ? null : ClusterSettingsTranslation.goDuration(ea.timeout());
    HttpExtAuthService httpService = http == null ? null
        : new HttpExtAuthService(rd, authority, http.path(), http.pathOverride(), http.headersToBackend());
    GrpcExtAuthService grpcService = grpc == null ? null : new GrpcExtAuthService(rd, authority);
    return new ExtAuth(configName(extAuthOwner), grpcService, httpService, traffic, ea.headersToExtAuth(),
        ea.bodyToExtAuth() == null ? null : new BodyToExtAuth((int) (long) ea.bodyToExtAuth().maxRequestBytes()),
        timeout, ea.failOpen(), ea.recomputeRoute(), ea.includeRouteMetadata(), contextExtensions,
        ea.statusOnError());
  }

  private Bytes contextValue(dev.attache.control.resource.envoygateway.LocalObjectKeyReference ref, String namespace)
      throws PolicyException {
    if (ref == null) {
      throw new PolicyException("unexpected nil reference");
    }
    switch (ref.kind() == null ? "" : ref.kind()) {
      case "ConfigMap" -> {
        var cm = ctx.index.configMap(namespace, ref.name());
        if (cm == null) {
          throw new PolicyException("can't find the referenced configmap \"" + ref.name() + "\" in namespace \""
              + namespace + "\"");
        }
        if (cm.data() == null || !cm.data().containsKey(ref.key())) {
          throw new PolicyException("can't find the key \"" + ref.key() + "\" in the referenced configmap \""
              + ref.name() + "\"");
        }
        return Bytes.of(cm.data().get(ref.key()).getBytes(StandardCharsets.UTF_8));
      }
      case "Secret" -> {
        var secret = ctx.index.secret(namespace, ref.name());
        if (secret == null) {
          throw new PolicyException("can't find the referenced secret \"" + ref.name() + "\" in namespace \""
              + namespace + "\"");
        }
        if (secret.data() == null || !secret.data().containsKey(ref.key())) {
          throw new PolicyException("can't find the key \"" + ref.key() + "\" in the referenced secret \""
              + ref.name() + "\"");
        }
        byte[] once = ServingCertificates.data(secret, ref.key());
        try {
          return Bytes.of(Base64.getDecoder().decode(new String(once, StandardCharsets.UTF_8).strip()));
        } catch (IllegalArgumentException e) {
          throw new PolicyException("error decoding the base64 value of the key \"" + ref.key()
              + "\" in the referenced secret \"" + ref.name() + "\": " + e.getMessage());
        }
      }
      default -> throw new PolicyException("unexpected reference to kind \"" + ref.kind() + "\"");
    }
  }

  private String authority(BackendRef ref, SecurityPolicy policy) {
    String ns = ref.namespace() == null ? policy.namespace() : ref.namespace();
    String kind = ref.kind() == null ? "Service" : ref.kind();
    if (kind.equals("Backend")) {
      var backend = ctx.index.backend(ns, ref.name());
      if (backend != null && backend.spec().endpoints() != null) {
        for (var ep : backend.spec().endpoints()) {
          if (ep.fqdn() != null) {
            return hostPort(ep.fqdn().hostname(), ep.fqdn().port());
          }
        }
      }
    }
    if (kind.equals("Service") || kind.equals("ServiceImport")) {
      return hostPort(ref.name() + "." + ns, ref.port());
    }
    return ref.name() + "." + ns;
  }

  private static String hostPort(String host, Integer port) {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return h + ":" + (port == null ? 0 : port);
  }

  private JsonNode jwt(SecurityPolicy policy, Owners owners, GatewayContext gateway) throws PolicyException {
    var jwt = policy.spec().jwt();
    var providers = jwt.providers() == null ? List.<dev.attache.control.resource.envoygateway.JWTProvider>of()
        : jwt.providers();
    validateJwtProviders(providers);
    SecurityPolicy owner = or(owners.jwtProviders(), policy);
    ArrayNode out = NODES.arrayNode();
    for (int i = 0; i < providers.size(); i++) {
      var p = providers.get(i);
      ObjectNode provider = out.addObject();
      provider.put("name", p.name());
      if (p.issuer() != null && !p.issuer().isEmpty()) {
        provider.put("issuer", p.issuer());
      }
      if (notEmpty(p.audiences())) {
        provider.set("audiences", IrWriter.toTree(p.audiences()));
      }
      if (p.remoteJWKS() != null) {
        provider.set("remoteJWKS", remoteJwks(owner, p.remoteJWKS(), i, gateway));
      } else {
        provider.put("localJWKS", localJwks(owner, p.localJWKS()));
      }
      if (notEmpty(p.claimToHeaders())) {
        provider.set("claimToHeaders", IrWriter.toTree(p.claimToHeaders()));
      }
      if (p.recomputeRoute() != null) {
        provider.put("recomputeRoute", p.recomputeRoute());
      }
      if (p.extractFrom() != null) {
        provider.set("extractFrom", IrWriter.toTree(p.extractFrom()));
      }
    }
    ObjectNode result = NODES.objectNode();
    if (Boolean.TRUE.equals(jwt.optional())) {
      result.put("allowMissing", true);
    }
    if (Boolean.TRUE.equals(jwt.failOpen())) {
      result.put("allowMissingOrFailed", true);
    }
    if (!out.isEmpty()) {
      result.set("providers", out);
    }
    return result;
  }

  private static void validateJwtProviders(List<dev.attache.control.resource.envoygateway.JWTProvider> providers)
      throws PolicyException {
    List<String> errs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (var p : providers) {
      int before = errs.size();
      String name = p.name() == null ? "" : p.name();
      if (name.isEmpty()) {
        errs.add("jwt provider cannot be an empty string");
      }
      if (p.issuer() != null && !p.issuer().isEmpty()) {
        if (p.issuer().contains(":")) {
          if (!validRequestUri(p.issuer())) {
            errs.add("invalid issuer; when issuer contains ':' character, it MUST be a valid URI");
          }
        } else if (p.issuer().contains("@") && !p.issuer().matches("[^@\\s]+@[^@\\s]+")) {
          errs.add("invalid issuer; when issuer contains '@' character, it MUST be a valid Email Address format: "
              + "mail: missing '@' or angle-addr");
        }
      }
      if ((p.remoteJWKS() == null) == (p.localJWKS() == null)) {
        errs.add("either remoteJWKS or localJWKS must be specified for jwt provider: " + name);
      }
      if (p.remoteJWKS() != null) {
        String uri = p.remoteJWKS().uri();
        if (uri == null || uri.isEmpty()) {
          errs.add("uri must be set for remote JWKS provider: " + name);
        } else if (!validRequestUri(uri)) {
          errs.add("invalid remote JWKS URI: parse \"" + uri + "\": invalid URI for request");
        }
      }
      if (p.localJWKS() != null) {
        var l = p.localJWKS();
        if (l.type() == null || l.type().equals("Inline")) {
          if (l.inline() == null) {
            errs.add("inline JWKS must be set for local JWKS provider: " + name + " if type is Inline");
          }
        } else if (l.valueRef() == null) {
          errs.add("valueRef must be set for local JWKS provider: " + name + " if type is ValueRef");
        }
      }
      if (errs.size() == before) {
        if (name.length() > 63 || !QUALIFIED_NAME.matcher(name).matches()) {
          errs.add("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with "
              + "an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
              + "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')");
        }
        if (names.isEmpty()) {
          names.add(name);
        } else {
          for (String n : new ArrayList<>(names)) {
            if (n.equals(name)) {
              errs.add("provider name " + name + " must be unique");
            } else {
              names.add(name);
            }
          }
        }
      }
      for (var c : p.claimToHeaders() == null ? List.<dev.attache.control.resource.envoygateway.ClaimToHeader>of()
          : p.claimToHeaders()) {
        if (c.header() == null || c.header().isEmpty()) {
          errs.add("header must be set for claimToHeader provider: " + (c.header() == null ? "" : c.header()));
        } else if (c.claim() == null || c.claim().isEmpty()) {
          errs.add("claim must be set for claimToHeader provider: ");
        }
      }
    }
    if (!errs.isEmpty()) {
      throw new PolicyException(String.join("\n", errs));
    }
  }

  /** Go's {@code url.ParseRequestURI}: an absolute URI or an absolute path. */
  private static boolean validRequestUri(String s) {
    try {
      URI u = new URI(s);
      return u.isAbsolute() || s.startsWith("/");
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private JsonNode remoteJwks(SecurityPolicy owner, dev.attache.control.resource.envoygateway.RemoteJWKS r, int index,
      GatewayContext gateway) throws PolicyException {
    String protocol = r.uri().startsWith("https:") ? "HTTPS" : "HTTP";
    ObjectNode out = NODES.objectNode();
    List<BackendRef> backendRefs = refs(r.backendRef(), r.backendRefs());
    if (!backendRefs.isEmpty()) {
      out.set("destination", IrWriter.toTree(ext.translate(owner, KIND, backendRefs, protocol, gateway, "jwt", index)));
    }
    if (r.backendSettings() != null) {
      TrafficFeatures t = traffic(r.backendSettings());
      if (t != null) {
        out.set("traffic", IrWriter.toTree(t));
      }
    }
    out.put("uri", r.uri());
    if (r.cacheDuration() != null) {
      GoDuration d = ClusterSettingsTranslation.goDuration(r.cacheDuration());
      if (d == null) {
        throw new PolicyException("time: invalid duration \"" + r.cacheDuration() + "\"");
      }
      out.put("cacheDuration", d.toString());
    }
    if (r.failedRefetchDuration() != null) {
      GoDuration d = ClusterSettingsTranslation.goDuration(r.failedRefetchDuration());
      if (d == null) {
        throw new PolicyException("time: invalid duration \"" + r.failedRefetchDuration() + "\"");
      }
      out.put("failedRefetchDuration", d.toString());
    }
    return out;
  }

  private String localJwks(SecurityPolicy owner, dev.attache.control.resource.envoygateway.LocalJWKS l)
      throws PolicyException {
    if ("ValueRef".equals(l.type())) {
      String name = l.valueRef().name();
      var cm = ctx.index.configMap(owner.namespace(), name);
      if (cm == null) {
        throw new PolicyException("local JWKS ConfigMap " + owner.namespace() + "/" + name + " not found");
      }
      if (cm.data() != null && cm.data().containsKey("jwks")) {
        return cm.data().get("jwks");
      }
      if (cm.data() != null && !cm.data().isEmpty()) {
        return cm.data().values().iterator().next();
      }
      throw new PolicyException("JWKS data not found in ConfigMap jwks/" + cm.namespace() + ", no \"" + cm.name()
          + "\" key and no other data found");
    }
    return l.inline();
  }

  private Oidc oidc(SecurityPolicy policy, Owners owners, GatewayContext gateway) throws PolicyException {
    var oidc = policy.spec().oidc();
    OidcProvider provider = oidcProvider(policy, owners, gateway);
    String clientId;
    if (oidc.clientID() != null) {
      clientId = oidc.clientID();
    } else if (oidc.clientIDRef() != null) {
      SecurityPolicy owner = or(owners.oidcClientIdRef(), policy);
      var secret = secret(owner, oidc.clientIDRef());
      byte[] id = ServingCertificates.data(secret, "client-id");
      if (id.length == 0) {
        throw new PolicyException("client ID not found in secret " + secret.namespace() + "/" + secret.name());
      }
      clientId = new String(id, StandardCharsets.UTF_8);
    } else {
      throw new PolicyException("client ID must be specified in OIDC policy " + policy.namespace() + "/"
          + policy.name());
    }
    SecurityPolicy secretOwner = or(owners.oidcClientSecret(), policy);
    Bytes clientSecret = secretData(secretOwner, oidc.clientSecret(), "client-secret",
        "client secret not found in secret %s");
    List<String> scopes = new ArrayList<>(oidc.scopes() == null ? List.of() : oidc.scopes());
    if (!scopes.contains("openid")) {
      scopes.add("openid");
    }
    String redirectUrl = "%REQ(x-forwarded-proto)%://%REQ(:authority)%/oauth2/callback";
    String redirectPath = "/oauth2/callback";
    if (oidc.redirectURL() != null) {
      redirectPath = redirectPath(oidc.redirectURL());
      redirectUrl = oidc.redirectURL();
    }
    SecurityPolicy oidcOwner = or(owners.oidc(), policy);
    var hmac = ctx.index.secret(ctx.settings.controllerNamespace(), "envoy-oidc-hmac");
    if (hmac == null) {
      throw new PolicyException("HMAC secret " + ctx.settings.controllerNamespace() + "/envoy-oidc-hmac not found");
    }
    byte[] hmacSecret = ServingCertificates.data(hmac, "hmac-secret");
    if (hmacSecret.length == 0) {
      throw new PolicyException("HMAC secret not found in secret " + ctx.settings.controllerNamespace()
          + "/envoy-oidc-hmac");
    }
    String uid = oidcOwner.metadata() == null || oidcOwner.metadata().uid() == null ? "" : oidcOwner.metadata().uid();
    var names = oidc.cookieNames();
    var cookieConfig = oidc.cookieConfig();
    OidcDenyRedirect denyRedirect = null;
    if (oidc.denyRedirect() != null) {
      List<OidcDenyRedirectHeader> headers = new ArrayList<>();
      if (oidc.denyRedirect().headers() != null) {
        for (var h : oidc.denyRedirect().headers()) {
          headers.add(new OidcDenyRedirectHeader(h.name(), h.type(), h.value()));
        }
      }
      denyRedirect = new OidcDenyRedirect(headers);
    }
    return Oidc.builder().name(configName(oidcOwner)).provider(provider).clientID(clientId)
        .clientSecret(clientSecret).hmacSecret(Bytes.of(hmacSecret)).scopes(scopes)
        .resources(notEmpty(oidc.resources()) ? oidc.resources() : null).redirectURL(redirectUrl)
        .redirectPath(redirectPath).logoutPath(oidc.logoutPath() != null ? oidc.logoutPath() : "/logout")
        .forwardAccessToken(Boolean.TRUE.equals(oidc.forwardAccessToken()))
        .forwardIDTokenHeader(oidc.forwardIDToken() == null ? null : oidc.forwardIDToken().header())
        .defaultTokenTTL(duration("defaultTokenTTL", oidc.defaultTokenTTL()))
        .refreshToken(oidc.refreshToken() == null || oidc.refreshToken())
        .defaultRefreshTokenTTL(duration("defaultRefreshTokenTTL", oidc.defaultRefreshTokenTTL()))
        .csrfTokenTTL(duration("csrfTokenTTL", oidc.csrfTokenTTL())).cookieSuffix(fnv32a(uid))
        .cookieNameOverrides(names == null ? null : new OidcCookieNames(names.accessToken(), names.idToken()))
        .cookieDomain(oidc.cookieDomain())
        .cookieConfig(cookieConfig == null ? null : new OidcCookieConfig(cookieConfig.sameSite()))
        .passThroughAuthHeader(Boolean.TRUE.equals(oidc.passThroughAuthHeader()))
        .disableTokenEncryption(Boolean.TRUE.equals(oidc.disableTokenEncryption())).denyRedirect(denyRedirect)
        .build();
  }

  private static GoDuration duration(String field, String value) throws PolicyException {
    if (value == null) {
      return null;
    }
    GoDuration d = ClusterSettingsTranslation.goDuration(value);
    if (d == null) {
      throw new PolicyException("invalid " + field + ": time: invalid duration \"" + value + "\"");
    }
    return d;
  }

  private static String fnv32a(String s) {
    int hash = 0x811c9dc5;
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x01000193;
    }
    return Integer.toHexString(hash);
  }

  private static String redirectPath(String url) throws PolicyException {
    int scheme = url.indexOf("://");
    String invalid = "invalid redirect URL " + url;
    if (scheme <= 0) {
      throw new PolicyException(invalid);
    }
    String s = url.substring(0, scheme);
    if (!s.equals("http") && !s.equals("https") && !s.equals("%REQ(x-forwarded-proto)%")) {
      throw new PolicyException(invalid);
    }
    int host = url.substring(scheme + 3).indexOf('/');
    if (host <= 0) {
      throw new PolicyException(invalid);
    }
    String path = url.substring(scheme + 3 + host);
    if (path.equals("/")) {
      throw new PolicyException(invalid);
    }
    return path;
  }

  private OidcProvider oidcProvider(SecurityPolicy policy, Owners owners, GatewayContext gateway)
      throws PolicyException {
    var p = policy.spec().oidc().provider();
    String base = p.tokenEndpoint() != null ? p.tokenEndpoint() : p.issuer();
    String protocol = base != null && base.startsWith("https:") ? "HTTPS" : "HTTP";
    SecurityPolicy owner = or(owners.oidcProviderBackendRefs(), policy);
    RouteDestination rd = null;
    List<BackendRef> backendRefs = refs(p.backendRef(), p.backendRefs());
    if (!backendRefs.isEmpty()) {
      rd = ext.translate(owner, KIND, backendRefs, protocol, gateway, "oidc", 0);
    }
    String authorizationEndpoint = p.authorizationEndpoint() == null ? "" : p.authorizationEndpoint();
    String tokenEndpoint = p.tokenEndpoint() == null ? "" : p.tokenEndpoint();
    String endSessionEndpoint = p.endSessionEndpoint();
    if (authorizationEndpoint.isEmpty() || tokenEndpoint.isEmpty()) {
      OpenIdConfiguration discovered = discover(p.issuer(), providerTls(rd));
      // endpoints the policy gives win (an authorization endpoint may carry extra parameters)
      authorizationEndpoint = authorizationEndpoint.isEmpty() ? discovered.authorizationEndpoint() : authorizationEndpoint;
      tokenEndpoint = tokenEndpoint.isEmpty() ? discovered.tokenEndpoint() : tokenEndpoint;
      if (endSessionEndpoint == null || endSessionEndpoint.isEmpty()) {
        endSessionEndpoint = discovered.endSessionEndpoint();
      }
    }
    String host;
    try {
      URI u = new URI(tokenEndpoint);
      host = u.getHost() == null ? "" : u.getHost();
    } catch (URISyntaxException e) {
      throw new PolicyException("error parsing token endpoint URL: " + e.getMessage());
    }
    if (IpAddresses.isIp(host.startsWith("[") ? host.substring(1, host.length() - 1) : host)) {
      throw new PolicyException("token endpoint URL must be a domain name: " + tokenEndpoint);
    }
    TrafficFeatures traffic = traffic(p.backendSettings());
    return new OidcProvider(rd, traffic, authorizationEndpoint, tokenEndpoint, endSessionEndpoint);
  }

  /** The issuer's endpoints, asked once per translation (its answer, or its failure, is reused). */
  private OpenIdConfiguration discover(String issuer, TlsUpstreamConfig tls) throws PolicyException {
    Discovery outcome = discoveries.computeIfAbsent(issuer, i -> {
      try {
        return new Discovery.Found(ctx.settings.oidcDiscovery().discover(i, tls));
      } catch (DiscoveryException e) {
        return new Discovery.Failed(e.getMessage());
      }
    });
    return switch (outcome) {
      case Discovery.Found found -> found.configuration();
      case Discovery.Failed failed -> throw new PolicyException(failed.message());
    };
  }

  /** The TLS settings of the provider's backends, which discovery uses to reach the issuer too. */
  private static TlsUpstreamConfig providerTls(RouteDestination rd) {
    if (rd == null || rd.settings() == null) {
      return null;
    }
    return rd.settings().stream().map(DestinationSetting::tls).filter(Objects::nonNull).findFirst().orElse(null);
  }
}
