package dev.attache.control.gatewayapi.route;

import dev.attache.control.gatewayapi.backend.BackendRefSpec;
import dev.attache.control.gatewayapi.backend.BackendTls;
import dev.attache.control.gatewayapi.backend.Destinations;
import dev.attache.control.gatewayapi.backend.MergeBackends;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Hostnames;
import dev.attache.control.gatewayapi.context.HttpListenerDraft;
import dev.attache.control.gatewayapi.context.IrDrafts;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.Re2;
import dev.attache.control.gatewayapi.context.ResourceMetadatas;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.RouteParentContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.listener.Listeners;
import dev.attache.control.gatewayapi.status.RouteConditions;
import dev.attache.control.gatewayapi.status.RouteError;
import dev.attache.control.gatewayapi.status.RouteErrors;
import dev.attache.control.ir.BackOffPolicy;
import dev.attache.control.ir.CookieSessionPersistence;
import dev.attache.control.ir.CustomResponse;
import dev.attache.control.ir.DestinationSetting;
import dev.attache.control.ir.GrpcSettings;
import dev.attache.control.ir.HeaderSessionPersistence;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.PerRetryPolicy;
import dev.attache.control.ir.Redirect;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.Retry;
import dev.attache.control.ir.RetryOn;
import dev.attache.control.ir.SessionPersistence;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.ir.UnstructuredRef;
import dev.attache.control.resource.envoygateway.HTTPCookieMatch;
import dev.attache.control.resource.envoygateway.HTTPRouteMatchFilter;
import dev.attache.control.resource.gatewayapi.GRPCHeaderMatch;
import dev.attache.control.resource.gatewayapi.GRPCRoute;
import dev.attache.control.resource.gatewayapi.GRPCRouteMatch;
import dev.attache.control.resource.gatewayapi.GRPCRouteRule;
import dev.attache.control.resource.gatewayapi.HTTPHeaderMatch;
import dev.attache.control.resource.gatewayapi.HTTPQueryParamMatch;
import dev.attache.control.resource.gatewayapi.HTTPRoute;
import dev.attache.control.resource.gatewayapi.HTTPRouteMatch;
import dev.attache.control.resource.gatewayapi.HTTPRouteRule;
import dev.attache.control.resource.gatewayapi.HTTPRouteTimeouts;
import dev.attache.control.resource.meta.GoDuration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Translates HTTPRoutes and GRPCRoutes: for each parent reference, every rule becomes one IR
 * route per match (per hostname of each listener it attaches to), with its filters applied and
 * its backends resolved; problems land on the route's status for that parent. As Envoy Gateway's
 * {@code processHTTPRouteParentRefs} / {@code processGRPCRouteParentRefs}.
 */
public final class RouteTranslation {
  static final String DEFAULT_REQUEST_TIMEOUT = "15s";
  private static final String VALID_SERVICE_NAME = "(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*";
  private static final String VALID_METHOD_NAME = "[A-Za-z_][A-Za-z_0-9]*";

  private final TranslationContext ctx;
  private final Destinations destinations;
  private final HttpFilters filters;
  private final IrDrafts ir;
  private final RouteAttachment attachment;
  private final BackendTls backendTls;
  private final MergeBackends merge;

  private RouteTranslation(TranslationContext ctx, IrDrafts ir, RouteAttachment attachment, Destinations destinations,
      BackendTls backendTls, MergeBackends merge) {
    this.ctx = ctx;
    this.ir = ir;
    this.merge = merge;
    this.destinations = destinations;
    this.filters = new HttpFilters(ctx, destinations, merge);
    this.attachment = attachment;
    this.backendTls = backendTls;
  }

  /**
   * The route stage: every route of every kind with a parent among the listeners, attached to
   * them and translated into their IR (HTTP and gRPC routes, then TLS, TCP and UDP routes, in
   * Envoy Gateway's order). Rule routing types and shared clusters come from {@code merge}.
   */
  public static Routes translate(TranslationContext ctx, Listeners listeners, Destinations destinations,
      BackendTls backendTls, MergeBackends merge) {
    IrDrafts ir = listeners.gateways().ir();
    RouteAttachment attachment = new RouteAttachment(ctx, listeners.gateways().accepted());
    RouteTranslation http = new RouteTranslation(ctx, ir, attachment, destinations, backendTls, merge);
    L4RouteTranslation l4 = new L4RouteTranslation(ctx, ir, attachment, destinations, backendTls, merge);
    List<RouteContext> httpRoutes = http.httpRoutes();
    List<RouteContext> grpcRoutes = http.grpcRoutes();
    List<RouteContext> tlsRoutes = l4.tlsRoutes();
    List<RouteContext> tcpRoutes = l4.tcpRoutes();
    List<RouteContext> udpRoutes = l4.udpRoutes();
    return new Routes(httpRoutes, grpcRoutes, tlsRoutes, tcpRoutes, udpRoutes);
  }

  /** Resolves a backend's upstream TLS (BackendTLSPolicy) with the route's parent as the policy's ancestor. */
  static Destinations.TlsResolver upstreamTls(BackendTls backendTls, RouteParentContext parent) {
    return (ref, namespace) -> backendTls.resolve(ref, namespace, parent.parentRef(), parent.gateway());
  }

  /** The default upstream protocol of a route kind. */
  static String protocolOf(String routeKind) {
    return switch (routeKind) {
      case "UDPRoute" -> "UDP";
      case "HTTPRoute" -> "HTTP";
      case "GRPCRoute" -> "GRPC";
      default -> "TCP";
    };
  }

  /** One IR route of a rule with the rule's backends, not yet bound to a listener. */
  private record RuleRoute(HttpRouteDraft route, List<MergeBackends.Backend> backends, String destName,
      ResourceMetadata ruleMetadata, String statName, String ruleName) {
  }

  private record RulesOutcome(List<RuleRoute> routes, List<RouteError> errors, List<Integer> unacceptedRules) {
  }

  /** The HTTPRoutes with a parent among the translator's Gateways, translated. */
  private List<RouteContext> httpRoutes() {
    List<RouteContext> relevant = new ArrayList<>();
    for (HTTPRoute r : ctx.resources.httpRoutes()) {
      RouteContext route = new RouteContext(r);
      if (!attachment.attach(route)) {
        continue;
      }
      relevant.add(route);
      for (RouteParentContext parent : List.copyOf(route.parentContexts())) {
        RulesOutcome outcome = httpRules(route, (HTTPRoute) route.route(), parent);
        int ruleCount = ((HTTPRoute) route.route()).spec().rules() == null ? 0 : ((HTTPRoute) route.route()).spec().rules().size();
        applyErrors(parent, outcome, ruleCount);
        if (!parent.hasCondition(RouteConditions.RESOLVED_REFS, "False")) {
          parent.setCondition(RouteConditions.RESOLVED_REFS, true, RouteConditions.REASON_RESOLVED_REFS,
              RouteConditions.MSG_RESOLVED_REFS);
        }
        if (!attachToListeners(route, outcome.routes(), parent)) {
          parent.setCondition(RouteConditions.ACCEPTED, false, RouteConditions.REASON_NO_MATCHING_LISTENER_HOSTNAME,
              "There were no hostname intersections between the HTTPRoute and this parent ref's Listener(s).");
        }
        if (parent.hasCondition(RouteConditions.ACCEPTED, "False")) {
          continue;
        }
        if (parent.hasNoConditions()) {
          parent.setCondition(RouteConditions.ACCEPTED, true, RouteConditions.REASON_ACCEPTED, RouteConditions.MSG_ACCEPTED);
        }
      }
    }
    return relevant;
  }

  /** The GRPCRoutes with a parent among the translator's Gateways, translated. */
  private List<RouteContext> grpcRoutes() {
    List<RouteContext> relevant = new ArrayList<>();
    for (GRPCRoute r : ctx.resources.grpcRoutes()) {
      RouteContext route = new RouteContext(r);
      if (!attachment.attach(route)) {
        continue;
      }
      relevant.add(route);
      for (RouteParentContext parent : List.copyOf(route.parentContexts())) {
        RulesOutcome outcome = grpcRules(route, (GRPCRoute) route.route(), parent);
        int ruleCount = ((GRPCRoute) route.route()).spec().rules() == null ? 0 : ((GRPCRoute) route.route()).spec().rules().size();
        applyErrors(parent, outcome, ruleCount);
        if (!parent.hasCondition(RouteConditions.RESOLVED_REFS, "False")) {
          parent.setCondition(RouteConditions.RESOLVED_REFS, true, RouteConditions.REASON_RESOLVED_REFS,
              RouteConditions.MSG_RESOLVED_REFS);
        }
        if (parent.hasCondition(RouteConditions.ACCEPTED, "False")) {
          continue;
        }
        if (!attachToListeners(route, outcome.routes(), parent)) {
          parent.setCondition(RouteConditions.ACCEPTED, false, RouteConditions.REASON_NO_MATCHING_LISTENER_HOSTNAME,
              "There were no hostname intersections between the GRPCRoute and this parent ref's Listener(s).");
        }
        if (parent.hasNoConditions()) {
          parent.setCondition(RouteConditions.ACCEPTED, true, RouteConditions.REASON_ACCEPTED, RouteConditions.MSG_ACCEPTED);
        }
      }
    }
    return relevant;
  }

  private static void applyErrors(RouteParentContext parent, RulesOutcome outcome, int ruleCount) {
    for (RouteError err : outcome.errors()) {
      if (err.type().equals(RouteConditions.ACCEPTED)) {
        if (outcome.unacceptedRules().size() == ruleCount) {
          parent.setCondition(RouteConditions.ACCEPTED, false, err.reason(), RouteError.conditionMessage(err.message()));
        } else {
          parent.setCondition(RouteConditions.PARTIALLY_INVALID, true, err.reason(),
              "Dropped Rule(s) " + goList(outcome.unacceptedRules()) + ": " + RouteError.conditionMessage(err.message()));
          parent.setCondition(RouteConditions.ACCEPTED, true, RouteConditions.REASON_ACCEPTED, RouteConditions.MSG_ACCEPTED);
        }
      } else {
        parent.setCondition(err.type(), false, err.reason(), RouteError.conditionMessage(err.message()));
      }
    }
  }

  static String goList(List<Integer> values) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(values.get(i));
    }
    return b.append(']').toString();
  }

  // ---------------------------------------------------------------- HTTPRoute rules

  private RulesOutcome httpRules(RouteContext route, HTTPRoute httpRoute, RouteParentContext parent) {
    List<HTTPRouteRule> rules = httpRoute.spec().rules() == null ? List.of() : httpRoute.spec().rules();
    return rules(route, parent, rules, false,
        (rule, ruleIdx) -> filters.http(parent, route, rule.filters(), ruleIdx),
        (rule, ruleIdx, filterResult, metadata) -> httpRule(route, ruleIdx, filterResult, rule, metadata),
        HTTPRouteRule::name,
        rule -> rule.backendRefs() == null ? List.of() : rule.backendRefs().stream().map(BackendRefSpec::of).toList(),
        rule -> rule.sessionPersistence() != null);
  }

  /** A rule's filters, processed. */
  @FunctionalInterface
  private interface RuleFilters<R> {
    FilterResult process(R rule, int ruleIdx);
  }

  /** A rule's routes, one per (expanded) match. */
  @FunctionalInterface
  private interface RuleRoutes<R> {
    List<HttpRouteDraft> build(R rule, int ruleIdx, FilterResult filterResult, ResourceMetadata ruleMetadata)
        throws RuleException;
  }

  /**
   * The rules of an HTTPRoute or GRPCRoute, which Envoy Gateway processes alike: filters, then the
   * rule's routes, then its backends; a rule that fails is reported and left out.
   */
  private <R> RulesOutcome rules(RouteContext route, RouteParentContext parent, List<R> rules, boolean grpc,
      RuleFilters<R> ruleFilters, RuleRoutes<R> ruleRoutesOf, java.util.function.Function<R, String> nameOf,
      java.util.function.Function<R, List<BackendRefSpec>> backendRefsOf,
      java.util.function.Predicate<R> sessionPersistence) {
    List<RuleRoute> out = new ArrayList<>();
    RouteErrors errors = new RouteErrors();
    TreeSet<Integer> unaccepted = new TreeSet<>();
    String pattern = statPattern(parent);
    for (int ruleIdx = 0; ruleIdx < rules.size(); ruleIdx++) {
      R rule = rules.get(ruleIdx);
      FilterResult filterResult = ruleFilters.process(rule, ruleIdx);
      boolean filterError = false;
      for (RouteError e : filterResult.errors.all()) {
        errors.add(e);
        if (!e.type().equals(RouteConditions.BACKENDS_AVAILABLE)) {
          filterError = true;
        }
        if (e.type().equals(RouteConditions.ACCEPTED)) {
          unaccepted.add(ruleIdx);
        }
      }
      ResourceMetadata ruleMetadata = ResourceMetadatas.of(route.route(), route.kind(), nameOf.apply(rule));
      List<HttpRouteDraft> ruleRoutes;
      try {
        ruleRoutes = ruleRoutesOf.build(rule, ruleIdx, filterResult, ruleMetadata);
      } catch (RuleException e) {
        errors.add(new RouteError("failed to process route rule " + ruleIdx + ": " + e.error.message(),
            RouteErrors.toAcceptedReason(e.error.reason()), RouteConditions.ACCEPTED));
        unaccepted.add(ruleIdx);
        continue;
      }
      backendsOfRule(route, parent, ruleIdx, nameOf.apply(rule), backendRefsOf.apply(rule), ruleRoutes, filterError,
          ruleMetadata, pattern, errors, out, grpc, sessionPersistence.test(rule));
    }
    return new RulesOutcome(out, errors.isEmpty() ? List.of() : errors.all(), List.copyOf(unaccepted));
  }

  private static final class RuleException extends Exception {
    final RouteError error;

    RuleException(RouteError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }

  /**
   * A rule's matches crossed with the matches its HTTPRouteFilters add (each filter match brings
   * cookie matches): one entry per resulting route, in upstream's order. With filter matches but
   * no rule matches, each filter match stands alone (a {@code null} rule match).
   */
  record ExpandedMatches<M>(List<M> matches, List<List<HTTPCookieMatch>> cookies) {
    static <M> ExpandedMatches<M> of(List<M> ruleMatches, List<HTTPRouteMatchFilter> filterMatches) {
      List<M> matches = new ArrayList<>();
      List<List<HTTPCookieMatch>> cookies = new ArrayList<>();
      if (filterMatches.isEmpty()) {
        for (M m : ruleMatches) {
          matches.add(m);
          cookies.add(List.of());
        }
      } else {
        List<M> base = ruleMatches.isEmpty() ? java.util.Collections.singletonList(null) : ruleMatches;
        for (M m : base) {
          for (HTTPRouteMatchFilter f : filterMatches) {
            matches.add(m);
            cookies.add(f.cookies() == null ? List.of() : f.cookies());
          }
        }
      }
      return new ExpandedMatches<>(matches, cookies);
    }
  }

  private List<HttpRouteDraft> httpRule(RouteContext route, int ruleIdx, FilterResult filterResult, HTTPRouteRule rule,
      ResourceMetadata ruleMetadata) throws RuleException {
    SessionPersistence session = sessionPersistence(route, ruleIdx, rule.sessionPersistence());
    List<HTTPRouteMatch> ruleMatches = rule.matches() == null ? List.of() : rule.matches();
    List<HTTPRouteMatchFilter> filterMatches = filterResult.matches;
    ExpandedMatches<HTTPRouteMatch> expanded = ExpandedMatches.of(ruleMatches, filterMatches);
    List<HTTPRouteMatch> baseMatches = expanded.matches();
    List<List<HTTPCookieMatch>> cookies = expanded.cookies();
    List<HttpRouteDraft> routes = new ArrayList<>();
    if (baseMatches.isEmpty()) {
      HttpRouteDraft r = new HttpRouteDraft();
      r.name = Names.route(route, ruleIdx, -1);
      r.metadata = ruleMetadata;
      trafficFeatures(r, rule);
      applyFilters(filterResult, r);
      routes.add(r);
    }
    for (int matchIdx = 0; matchIdx < baseMatches.size(); matchIdx++) {
      HTTPRouteMatch match = baseMatches.get(matchIdx);
      HttpRouteDraft r = new HttpRouteDraft();
      r.name = Names.route(route, ruleIdx, matchIdx);
      r.sessionPersistence = session;
      r.metadata = ruleMetadata;
      trafficFeatures(r, rule);
      List<StringMatch> headerMatches = new ArrayList<>();
      List<StringMatch> queryMatches = new ArrayList<>();
      if (match != null) {
        if (match.path() != null) {
          String value = match.path().value();
          switch (match.path().type() == null ? "PathPrefix" : match.path().type()) {
            case "PathPrefix" -> r.pathMatch = StringMatches.prefix(null, value);
            case "Exact" -> r.pathMatch = StringMatches.exact(null, value);
            case "RegularExpression" -> {
              regex(value);
              r.pathMatch = StringMatches.regex(null, value);
            }
            default -> { }
          }
        }
        if (match.headers() != null) {
          for (HTTPHeaderMatch h : match.headers()) {
            switch (h.type() == null ? "Exact" : h.type()) {
              case "Exact" -> headerMatches.add(StringMatches.exact(h.name(), h.value()));
              case "RegularExpression" -> {
                regex(h.value());
                headerMatches.add(StringMatches.regex(h.name(), h.value()));
              }
              default -> { }
            }
          }
        }
        if (match.queryParams() != null) {
          for (HTTPQueryParamMatch q : match.queryParams()) {
            switch (q.type() == null ? "Exact" : q.type()) {
              case "Exact" -> queryMatches.add(StringMatches.exact(q.name(), q.value()));
              case "RegularExpression" -> {
                regex(q.value());
                queryMatches.add(StringMatches.regex(q.name(), q.value()));
              }
              default -> { }
            }
          }
        }
        if (match.method() != null) {
          headerMatches.add(StringMatches.exact(":method", match.method()));
        }
      }
      r.headerMatches = headerMatches;
      r.queryParamMatches = queryMatches;
      r.cookieMatches = cookieMatches(cookies.get(matchIdx));
      applyFilters(filterResult, r);
      routes.add(r);
      if (filterResult.cors != null && match != null && match.method() != null && !match.method().equals("OPTIONS")
          && r.cookieMatches.isEmpty()) {
        HttpRouteDraft preflight = new HttpRouteDraft();
        preflight.name = Names.route(route, ruleIdx, matchIdx) + "/cors-preflight";
        preflight.metadata = ruleMetadata;
        preflight.pathMatch = r.pathMatch;
        preflight.queryParamMatches = r.queryParamMatches;
        preflight.cors = filterResult.cors;
        List<StringMatch> preflightHeaders = new ArrayList<>();
        for (StringMatch h : r.headerMatches) {
          if (!":method".equals(h.name())) {
            preflightHeaders.add(h);
          }
        }
        preflightHeaders.add(StringMatches.exact(":method", "OPTIONS"));
        preflightHeaders.add(StringMatches.regex("origin", ".*"));
        preflightHeaders.add(StringMatches.regex("access-control-request-method", ".*"));
        preflight.headerMatches = preflightHeaders;
        routes.add(preflight);
      }
    }
    return routes;
  }

  private static void regex(String value) throws RuleException {
    String error = Re2.error(value);
    if (error != null) {
      throw new RuleException(RouteError.of(error, RouteConditions.REASON_UNSUPPORTED_VALUE));
    }
  }

  private static List<StringMatch> cookieMatches(List<HTTPCookieMatch> cookies) throws RuleException {
    List<StringMatch> out = new ArrayList<>();
    for (HTTPCookieMatch c : cookies) {
      String type = c.type() == null ? "Exact" : c.type();
      switch (type) {
        case "Exact" -> out.add(StringMatches.exact(c.name(), c.value()));
        case "RegularExpression" -> {
          regex(c.value());
          out.add(StringMatches.regex(c.name(), c.value()));
        }
        default -> throw new RuleException(RouteError.of("unsupported cookie match type \"" + type + "\"",
            RouteConditions.REASON_UNSUPPORTED_VALUE));
      }
    }
    return out;
  }

  private static SessionPersistence sessionPersistence(RouteContext route, int ruleIdx,
      dev.attache.control.resource.gatewayapi.SessionPersistence sp) throws RuleException {
    if (sp == null) {
      return null;
    }
    String name = sp.sessionName() != null ? sp.sessionName()
        : Names.routeDestination(route, ruleIdx).replace("/", "-");
    if (sp.type() == null || sp.type().equals("Cookie")) {
      GoDuration ttl = null;
      if (sp.absoluteTimeout() != null && sp.cookieConfig() != null
          && "Permanent".equals(sp.cookieConfig().lifetimeType())) {
        ttl = GoDuration.tryParse(sp.absoluteTimeout()).orElse(null);
        if (ttl == null) {
          throw new RuleException(RouteError.of("time: invalid duration \"" + sp.absoluteTimeout() + "\"",
              RouteConditions.REASON_UNSUPPORTED_VALUE));
        }
      }
      return new SessionPersistence(new CookieSessionPersistence(name, ttl), null);
    }
    if (sp.type().equals("Header")) {
      return new SessionPersistence(null, new HeaderSessionPersistence(name));
    }
    throw new RuleException(RouteError.of("unknown session persistence type " + sp.type(),
        RouteConditions.REASON_UNSUPPORTED_VALUE));
  }

  private static void trafficFeatures(HttpRouteDraft r, HTTPRouteRule rule) {
    HTTPRouteTimeouts t = rule.timeouts();
    if (t != null) {
      if (t.request() != null) {
        r.timeout = durationOrDefault(t.request());
      }
      if (t.backendRequest() != null && rule.retry() == null) {
        r.timeout = durationOrDefault(t.backendRequest());
      }
    }
    var retry = rule.retry();
    if (retry == null) {
      return;
    }
    PerRetryPolicy perRetry = null;
    GoDuration baseInterval = retry.backoff() == null ? null : GoDuration.tryParse(retry.backoff()).orElse(null);
    GoDuration perTryTimeout = t == null || t.backendRequest() == null ? null
        : GoDuration.tryParse(t.backendRequest()).orElse(null);
    if (baseInterval != null || perTryTimeout != null) {
      perRetry = new PerRetryPolicy(perTryTimeout, baseInterval == null ? null : new BackOffPolicy(baseInterval, null));
    }
    RetryOn retryOn = retry.codes() == null || retry.codes().isEmpty() ? null : new RetryOn(null, retry.codes());
    r.retry = new Retry(retry.attempts(), null, retryOn, perRetry);
  }

  private static GoDuration durationOrDefault(String text) {
    return GoDuration.tryParse(text).orElseGet(() -> GoDuration.parse(DEFAULT_REQUEST_TIMEOUT));
  }

  private static void applyFilters(FilterResult f, HttpRouteDraft r) {
    if (f.redirect != null) {
      r.redirect = f.redirect;
    }
    if (f.directResponse != null) {
      r.directResponse = f.directResponse;
    }
    if (f.urlRewrite != null) {
      r.urlRewrite = f.urlRewrite;
    }
    if (f.credentialInjection != null) {
      r.credentialInjection = f.credentialInjection;
    }
    if (!f.addRequestHeaders.isEmpty()) {
      r.addRequestHeaders = List.copyOf(f.addRequestHeaders);
    }
    if (!f.removeRequestHeaders.isEmpty()) {
      r.removeRequestHeaders = List.copyOf(f.removeRequestHeaders);
    }
    if (!f.addResponseHeaders.isEmpty()) {
      r.addResponseHeaders = List.copyOf(f.addResponseHeaders);
    }
    if (!f.removeResponseHeaders.isEmpty()) {
      r.removeResponseHeaders = List.copyOf(f.removeResponseHeaders);
    }
    if (f.mirrors != null) {
      r.mirrors = List.copyOf(f.mirrors);
    }
    if (f.cors != null) {
      r.cors = f.cors;
    }
    if (!f.extensionRefs.isEmpty()) {
      r.extensionRefs = f.extensionRefs.stream().map(o -> new UnstructuredRef(o.content())).toList();
    }
  }

  // ---------------------------------------------------------------- GRPCRoute rules

  private RulesOutcome grpcRules(RouteContext route, GRPCRoute grpcRoute, RouteParentContext parent) {
    List<GRPCRouteRule> rules = grpcRoute.spec().rules() == null ? List.of() : grpcRoute.spec().rules();
    return rules(route, parent, rules, true,
        (rule, ruleIdx) -> filters.grpc(parent, route, rule.filters(), ruleIdx),
        (rule, ruleIdx, filterResult, metadata) -> grpcRule(route, ruleIdx, filterResult, rule, metadata),
        GRPCRouteRule::name,
        rule -> rule.backendRefs() == null ? List.of() : rule.backendRefs().stream().map(BackendRefSpec::of).toList(),
        rule -> false);
  }

  private List<HttpRouteDraft> grpcRule(RouteContext route, int ruleIdx, FilterResult filterResult, GRPCRouteRule rule,
      ResourceMetadata ruleMetadata) throws RuleException {
    List<GRPCRouteMatch> ruleMatches = rule.matches() == null ? List.of() : rule.matches();
    List<HTTPRouteMatchFilter> filterMatches = filterResult.matches;
    ExpandedMatches<GRPCRouteMatch> expanded = ExpandedMatches.of(ruleMatches, filterMatches);
    List<GRPCRouteMatch> baseMatches = expanded.matches();
    List<List<HTTPCookieMatch>> cookies = expanded.cookies();
    List<HttpRouteDraft> routes = new ArrayList<>();
    if (baseMatches.isEmpty()) {
      HttpRouteDraft r = new HttpRouteDraft();
      r.name = Names.route(route, ruleIdx, -1);
      r.metadata = ruleMetadata;
      applyFilters(filterResult, r);
      routes.add(r);
    }
    for (int matchIdx = 0; matchIdx < baseMatches.size(); matchIdx++) {
      GRPCRouteMatch match = baseMatches.get(matchIdx);
      HttpRouteDraft r = new HttpRouteDraft();
      r.name = Names.route(route, ruleIdx, matchIdx);
      r.metadata = ruleMetadata;
      List<StringMatch> headerMatches = new ArrayList<>();
      if (match != null) {
        if (match.headers() != null) {
          for (GRPCHeaderMatch h : match.headers()) {
            switch (h.type() == null ? "Exact" : h.type()) {
              case "Exact" -> headerMatches.add(StringMatches.exact(h.name(), h.value()));
              case "RegularExpression" -> {
                regex(h.value());
                headerMatches.add(StringMatches.regex(h.name(), h.value()));
              }
              default -> { }
            }
          }
        }
        var m = match.method();
        if (m != null) {
          String service = m.service();
          String method = m.method();
          if (m.type() == null || m.type().equals("Exact")) {
            if (service != null && method != null) {
              r.pathMatch = StringMatches.exact(null, "/" + service + "/" + method);
            } else if (method != null) {
              headerMatches.add(new StringMatch(":path", null, null, "/" + method, null, false, null));
            } else if (service != null) {
              r.pathMatch = StringMatches.prefix(null, "/" + service);
            }
          } else if (m.type().equals("RegularExpression")) {
            if (service != null) {
              regex(service);
            }
            if (method != null) {
              regex(method);
            }
            if (service != null && method != null) {
              r.pathMatch = StringMatches.regex(null, "/" + service + "/" + method);
            } else if (method != null) {
              r.pathMatch = StringMatches.regex(null, "/" + VALID_SERVICE_NAME + "/" + method);
            } else if (service != null) {
              r.pathMatch = StringMatches.regex(null, "/" + service + "/" + VALID_METHOD_NAME);
            }
          }
        }
      }
      r.headerMatches = headerMatches;
      r.cookieMatches = cookieMatches(cookies.get(matchIdx));
      routes.add(r);
      applyFilters(filterResult, r);
    }
    return routes;
  }

  // ---------------------------------------------------------------- backends of a rule

  private void backendsOfRule(RouteContext route, RouteParentContext parent, int ruleIdx, String ruleName,
      List<BackendRefSpec> refs, List<HttpRouteDraft> ruleRoutes, boolean filterError, ResourceMetadata ruleMetadata,
      String pattern, RouteErrors errors, List<RuleRoute> out, boolean grpc, boolean sessionPersistence) {
    String destName = Names.routeDestination(route, ruleIdx);
    GatewayContext gateway = parent.gateway();
    String routingType = merge.routingType(route, parent, gateway, ruleName);
    boolean ruleUnsafe = merge.enabled(gateway) && merge.weightedRuleUnsafe(gateway, route, refs, sessionPersistence);
    List<MergeBackends.Backend> settings = new ArrayList<>();
    List<String> refNames = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      refNames.add("");
    }
    long valid = 0;
    boolean destinationError = false;
    boolean noEndpoints = false;
    boolean dynamicResolver = false;
    Destinations.FilterProcessor backendFilters = ref -> backendFilters(ref, route, parent);
    Destinations.TlsResolver tls = upstreamTls(backendTls, parent);
    List<UnstructuredRef> customBackends = new ArrayList<>();
    for (int i = 0; i < refs.size(); i++) {
      BackendRefSpec ref = refs.get(i);
      var outcome = destinations.process(Names.destinationSetting(destName, i), ref, route, gateway,
          protocolOf(route.kind()), routingType, backendFilters, tls);
      if (outcome.customBackend() != null) {
        customBackends.add(new UnstructuredRef(outcome.customBackend().content()));
      }
      DestinationSetting ds = outcome.setting();
      RouteError err = outcome.error();
      MergeBackends.Key key = merge.key(gateway, route, routingType, ruleUnsafe, ref, ds, err != null);
      if (err != null) {
        if (err.reason().equals(RouteConditions.REASON_ENDPOINTS_NOT_FOUND)) {
          errors.add(err.wrap("failed to find endpoints: ").withType(RouteConditions.BACKENDS_AVAILABLE));
          noEndpoints = true;
        } else {
          errors.add(err.wrap("failed to process route rule " + ruleIdx + " backendRef " + i + ": "));
          if (!grpc) {
            ds = Destinations.with(ds, m -> m.invalid = true);
          }
          destinationError = true;
        }
      }
      if (ds.weight() != null && ds.weight() == 0) {
        continue;
      }
      dynamicResolver |= ds.isDynamicResolver();
      refNames.set(i, ref.namespaceOr(route.namespace()) + "/" + ref.name());
      if (ds.weight() != null && !ds.invalid()
          && (ds.isDynamicResolver() || ds.isCustomBackend() || !ds.endpoints().isEmpty())) {
        valid += ds.weight();
      }
      settings.add(new MergeBackends.Backend(ds, key));
    }
    Integer status = null;
    boolean overrideFilterResponses = false;
    if (filterError) {
      status = 500;
      overrideFilterResponses = !grpc;
    } else if (destinationError && valid == 0) {
      status = 500;
    } else if (noEndpoints && valid == 0) {
      status = 503;
    } else if (valid == 0) {
      status = 500;
    } else if (dynamicResolver && ruleRoutes.stream().anyMatch(r -> r.urlRewrite != null && r.urlRewrite.host() != null
        && r.urlRewrite.host().pathRegex() != null)) {
      status = 500;
      errors.add(RouteError.of("failed to process route rule " + ruleIdx
          + ": host rewrite from path (PathRegex) is not supported with a dynamic resolver backend",
          RouteConditions.REASON_UNSUPPORTED_VALUE));
    } else if (!grpc && dynamicResolver && refs.size() > 1) {
      status = 500;
      errors.add(RouteError.of("failed to process route rule " + ruleIdx
          + ": dynamic resolver is not supported for multiple backendRefs", RouteConditions.REASON_INVALID_BACKEND_REF));
    }
    if (status != null) {
      for (HttpRouteDraft r : ruleRoutes) {
        if (!overrideFilterResponses && (r.directResponse != null || r.redirect != null)) {
          continue;
        }
        r.directResponse = new CustomResponse(null, null, status, null);
      }
    }
    for (HttpRouteDraft r : ruleRoutes) {
      if (grpc) {
        r.isHttp2 = true;
      }
      if (!customBackends.isEmpty()) {
        List<UnstructuredRef> refsOfRoute = new ArrayList<>(r.extensionRefs);
        refsOfRoute.addAll(customBackends);
        r.extensionRefs = refsOfRoute;
      }
      if (r.directResponse == null && r.redirect == null) {
        String statName = pattern == null ? null : statName(pattern, route, ruleName, ruleIdx, refNames);
        out.add(new RuleRoute(r, settings, destName, ruleMetadata, statName, ruleName));
      } else {
        out.add(new RuleRoute(r, null, null, null, null, null));
      }
    }
  }

  private dev.attache.control.ir.DestinationFilters backendFilters(BackendRefSpec ref, RouteContext route,
      RouteParentContext parent) throws Destinations.FilterException {
    FilterResult f = ref.httpFilters() != null && !ref.httpFilters().isEmpty()
        ? filters.http(parent, route, ref.httpFilters(), 0)
        : filters.grpc(parent, route, ref.grpcFilters(), 0);
    List<RouteError> errs = f.errors.all();
    if (!errs.isEmpty()) {
      List<String> messages = new ArrayList<>();
      for (RouteError e : errs) {
        messages.add(e.message());
      }
      throw new Destinations.FilterException(String.join("\n", messages));
    }
    return new dev.attache.control.ir.DestinationFilters(f.addRequestHeaders, f.removeRequestHeaders,
        f.addResponseHeaders, f.removeResponseHeaders, f.credentialInjection, f.urlRewrite);
  }

  private static String statPattern(RouteParentContext parent) {
    GatewayContext g = parent.gateway();
    if (g == null || g.envoyProxy() == null || g.envoyProxy().spec() == null || g.envoyProxy().spec().telemetry() == null
        || g.envoyProxy().spec().telemetry().metrics() == null) {
      return null;
    }
    String p = g.envoyProxy().spec().telemetry().metrics().clusterStatName();
    return p == null || p.isEmpty() ? null : p;
  }

  private static String statName(String pattern, RouteContext route, String ruleName, int idx, List<String> refs) {
    return pattern.replace("%ROUTE_NAME%", route.name())
        .replace("%ROUTE_NAMESPACE%", route.namespace())
        .replace("%ROUTE_KIND%", route.kind().toLowerCase(Locale.ROOT))
        .replace("%ROUTE_RULE_NAME%", ruleName == null ? "-" : ruleName)
        .replace("%ROUTE_RULE_NUMBER%", Integer.toString(idx))
        .replace("%BACKEND_REFS%", String.join("|", refs));
  }

  // ---------------------------------------------------------------- listeners

  /** Adds the rule routes to each allowed listener; whether any listener's hostnames intersected. */
  private boolean attachToListeners(RouteContext route, List<RuleRoute> ruleRoutes, RouteParentContext parent) {
    boolean intersects = parent.listeners().isEmpty();
    for (ListenerContext listener : parent.listeners()) {
      List<String> hosts = Hostnames.compute(route.hostnames(), listener);
      if (hosts.isEmpty()) {
        continue;
      }
      intersects = true;
      listener.incrementAttachedRoutes();
      if (!listener.isReady()) {
        continue;
      }
      XdsDraft xds = ir.xds(listener.gateway());
      HttpListenerDraft irListener = xds.httpListener(Names.listener(listener));
      if (irListener == null) {
        continue;
      }
      List<HttpRoute> perHost = new ArrayList<>(hosts.size() * ruleRoutes.size());
      for (String host : hosts) {
        for (RuleRoute rr : ruleRoutes) {
          HttpRouteDraft r = rr.route().copy();
          Redirect redirect = r.redirect;
          if (redirect != null && redirect.port() == null) {
            int port = listener.port();
            if (redirect.scheme() != null) {
              switch (redirect.scheme().toLowerCase(Locale.ROOT)) {
                case "http" -> port = 80;
                case "https" -> port = 443;
                default -> { }
              }
            }
            r.redirect = new Redirect(redirect.scheme(), redirect.hostname(), redirect.path(), port, redirect.statusCode());
          }
          r.name = r.name + "/" + host.replace(".", "_");
          r.hostname = host;
          if (rr.backends() != null) {
            r.destination = merge.forListener(listener.gateway(), route, listener, rr.ruleName(), rr.destName(),
                rr.statName(), rr.ruleMetadata(), rr.backends());
          }
          perHost.add(r.build());
        }
      }
      if (route.kind().equals("GRPCRoute")) {
        Boolean stats = irListener.grpc == null || irListener.grpc.enableGRPCStats() == null
            ? Boolean.TRUE : irListener.grpc.enableGRPCStats();
        irListener.grpc = new GrpcSettings(true, stats);
      }
      irListener.routes.addAll(perHost);
    }
    return intersects;
  }
}
