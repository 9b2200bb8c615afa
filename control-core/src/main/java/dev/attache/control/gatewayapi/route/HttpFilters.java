package dev.attache.control.gatewayapi.route;

import dev.attache.control.gatewayapi.backend.BackendRefSpec;
import dev.attache.control.gatewayapi.backend.Destinations;
import dev.attache.control.gatewayapi.backend.MergeBackends;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.Re2;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.RouteParentContext;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.status.RouteConditions;
import dev.attache.control.gatewayapi.status.RouteError;
import dev.attache.control.gatewayapi.tls.ServingCertificates;
import dev.attache.control.ir.AddHeader;
import dev.attache.control.ir.Bytes;
import dev.attache.control.ir.Cors;
import dev.attache.control.ir.CredentialInjection;
import dev.attache.control.ir.CustomResponse;
import dev.attache.control.ir.HostModifier;
import dev.attache.control.ir.MirrorPolicy;
import dev.attache.control.ir.PathModifier;
import dev.attache.control.ir.Redirect;
import dev.attache.control.ir.RegexMatchReplace;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.ir.UrlRewrite;
import dev.attache.control.resource.core.ConfigMap;
import dev.attache.control.resource.core.Secret;
import dev.attache.control.resource.envoygateway.CustomResponseBody;
import dev.attache.control.resource.envoygateway.HTTPRouteFilter;
import dev.attache.control.resource.gatewayapi.GRPCRouteFilter;
import dev.attache.control.resource.gatewayapi.HTTPCORSFilter;
import dev.attache.control.resource.gatewayapi.HTTPHeader;
import dev.attache.control.resource.gatewayapi.HTTPHeaderFilter;
import dev.attache.control.resource.gatewayapi.HTTPRequestMirrorFilter;
import dev.attache.control.resource.gatewayapi.HTTPRequestRedirectFilter;
import dev.attache.control.resource.gatewayapi.HTTPURLRewriteFilter;
import dev.attache.control.resource.gatewayapi.LocalObjectReference;
import dev.attache.control.resource.gatewayapi.SecretObjectReference;
import dev.attache.control.resource.meta.GoDuration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Translates the filters of an HTTPRoute or GRPCRoute rule (or of one of its backends) into IR:
 * header changes, redirects, URL rewrites, mirrors, CORS, and Envoy Gateway's HTTPRouteFilter
 * (regex rewrites, direct responses, credential injection, cookie matches). As Envoy Gateway's
 * {@code ProcessHTTPFilters} and {@code ProcessGRPCFilters}, with its messages.
 */
final class HttpFilters {
  static final Pattern HEADER_VALUE = Pattern.compile("^[!-~]+([\\t ]?[!-~]+)*$");
  private static final Set<Integer> REDIRECT_CODES = Set.of(301, 302, 303, 307, 308);
  private static final String MIRROR_DIRECT_RESPONSE =
      "RequestMirror filter cannot be used when the rule also configures a DirectResponse filter";
  private static final String MIRROR_REDIRECT =
      "RequestMirror filter cannot be used when the rule also configures a RequestRedirect filter";
  private static final String GRPC_DIRECT_2XX = "DirectResponse with a 2xx status code is not supported for GRPCRoute: "
      + "a 2xx status maps to the gRPC OK status, but a direct response cannot carry a gRPC response message, so the "
      + "client would receive an invalid response. Use a non-2xx status code to deny or block the request instead";

  private final TranslationContext ctx;
  private final Destinations destinations;
  private final MergeBackends merge;

  HttpFilters(TranslationContext ctx, Destinations destinations, MergeBackends merge) {
    this.ctx = ctx;
    this.destinations = destinations;
    this.merge = merge;
  }

  FilterResult http(RouteParentContext parent, RouteContext route, List<dev.attache.control.resource.gatewayapi.HTTPRouteFilter> filters,
      int ruleIndex) {
    FilterResult r = new FilterResult();
    List<dev.attache.control.resource.gatewayapi.HTTPRouteFilter> list = filters == null ? List.of() : filters;
    for (int i = 0; i < list.size(); i++) {
      var filter = list.get(i);
      if (r.directResponse != null) {
        break;
      }
      String invalid = validateHttp(filter);
      if (invalid != null) {
        r.errors.add(invalidFilter(filter.type(), r, invalid));
        continue;
      }
      switch (filter.type()) {
        case "URLRewrite" -> r.errors.add(urlRewrite(filter.urlRewrite(), r));
        case "RequestRedirect" -> r.errors.add(redirect(filter.requestRedirect(), r));
        case "RequestHeaderModifier" -> r.errors.add(headers(filter.requestHeaderModifier(), r, true));
        case "ResponseHeaderModifier" -> r.errors.add(headers(filter.responseHeaderModifier(), r, false));
        case "RequestMirror" -> r.errors.add(mirror(i, filter.requestMirror(), r, parent, route, ruleIndex));
        case "CORS" -> cors(filter.cors(), r);
        case "ExtensionRef" -> r.errors.add(extensionRef(filter.extensionRef(), r, route));
        default -> r.errors.add(unsupported(filter.type(), r));
      }
    }
    conflicts(r);
    return r;
  }

  FilterResult grpc(RouteParentContext parent, RouteContext route, List<GRPCRouteFilter> filters, int ruleIndex) {
    FilterResult r = new FilterResult();
    List<GRPCRouteFilter> list = filters == null ? List.of() : filters;
    for (int i = 0; i < list.size(); i++) {
      GRPCRouteFilter filter = list.get(i);
      if (r.directResponse != null) {
        break;
      }
      String invalid = validateGrpc(filter);
      if (invalid != null) {
        r.errors.add(invalidFilter(filter.type(), r, invalid));
        continue;
      }
      switch (filter.type()) {
        case "RequestHeaderModifier" -> r.errors.add(headers(filter.requestHeaderModifier(), r, true));
        case "ResponseHeaderModifier" -> r.errors.add(headers(filter.responseHeaderModifier(), r, false));
        case "RequestMirror" -> r.errors.add(mirror(i, filter.requestMirror(), r, parent, route, ruleIndex));
        case "ExtensionRef" -> r.errors.add(extensionRef(filter.extensionRef(), r, route));
        default -> r.errors.add(unsupported(filter.type(), r));
      }
    }
    if (r.directResponse != null && r.mirrors != null && !r.mirrors.isEmpty()) {
      r.directResponse = null;
      r.mirrors = null;
      r.errors.add(new RouteError(MIRROR_DIRECT_RESPONSE, RouteConditions.REASON_INCOMPATIBLE_FILTERS, RouteConditions.ACCEPTED));
    }
    if (r.directResponse != null && r.directResponse.statusCode() != null
        && r.directResponse.statusCode() >= 200 && r.directResponse.statusCode() < 300) {
      r.directResponse = null;
      r.errors.add(new RouteError(GRPC_DIRECT_2XX, RouteConditions.REASON_UNSUPPORTED_VALUE, RouteConditions.ACCEPTED));
    }
    return r;
  }

  private static void conflicts(FilterResult r) {
    boolean mirrors = r.mirrors != null && !r.mirrors.isEmpty();
    if (r.directResponse != null && mirrors) {
      r.directResponse = null;
      r.mirrors = null;
      mirrors = false;
      r.errors.add(new RouteError(MIRROR_DIRECT_RESPONSE, RouteConditions.REASON_INCOMPATIBLE_FILTERS, RouteConditions.ACCEPTED));
    }
    if (r.redirect != null && mirrors) {
      r.redirect = null;
      r.mirrors = null;
      r.errors.add(new RouteError(MIRROR_REDIRECT, RouteConditions.REASON_INCOMPATIBLE_FILTERS, RouteConditions.ACCEPTED));
    }
  }

  private String validateHttp(dev.attache.control.resource.gatewayapi.HTTPRouteFilter f) {
    if (f.type() == null) {
      return "unsupported filter type ";
    }
    return switch (f.type()) {
      case "RequestMirror", "URLRewrite", "RequestRedirect", "RequestHeaderModifier", "ResponseHeaderModifier", "CORS" -> null;
      case "ExtensionRef" -> extensionRefError(f.extensionRef());
      default -> "unsupported filter type " + f.type();
    };
  }

  private String validateGrpc(GRPCRouteFilter f) {
    if (f.type() == null) {
      return "unsupported filter type ";
    }
    return switch (f.type()) {
      case "RequestMirror", "RequestHeaderModifier", "ResponseHeaderModifier" -> null;
      case "ExtensionRef" -> extensionRefError(f.extensionRef());
      default -> "unsupported filter type " + f.type();
    };
  }

  private String extensionRefError(LocalObjectReference ref) {
    if (ref == null) {
      return "extensionRef field must be specified for an extended filter";
    }
    if ("gateway.envoyproxy.io".equals(ref.group()) && "HTTPRouteFilter".equals(ref.kind())) {
      return null;
    }
    if (ctx.settings.isExtensionKind(ref.group(), ref.kind())) {
      return null;
    }
    return "unknown kind " + ref.group() + "/" + ref.kind();
  }

  private static RouteError invalidFilter(String type, FilterResult r, String error) {
    r.directResponse = new CustomResponse(null, null, 500, null);
    return new RouteError("invalid filter " + type + ": " + error, RouteConditions.REASON_UNSUPPORTED_VALUE,
        RouteConditions.ACCEPTED);
  }

  private static RouteError unsupported(String type, FilterResult r) {
    r.directResponse = new CustomResponse(null, null, 500, null);
    return new RouteError("unsupported filter type: " + type, RouteConditions.REASON_UNSUPPORTED_VALUE,
        RouteConditions.RESOLVED_REFS);
  }

  private static RouteError unresolved(String message, FilterResult r) {
    r.directResponse = new CustomResponse(null, null, 500, null);
    return new RouteError(message, RouteConditions.REASON_UNSUPPORTED_VALUE, RouteConditions.RESOLVED_REFS);
  }

  private static RouteError accepted(String message) {
    return new RouteError(message, RouteConditions.REASON_UNSUPPORTED_VALUE, RouteConditions.ACCEPTED);
  }

  // ---------------------------------------------------------------- URL rewrite and redirect

  private static boolean coreRewrites(UrlRewrite u) {
    return (u.path() != null && (u.path().fullReplace() != null || u.path().prefixMatchReplace() != null))
        || (u.host() != null && u.host().name() != null);
  }

  private static boolean extensionRewrites(UrlRewrite u) {
    return (u.path() != null && u.path().regexMatchReplace() != null)
        || (u.host() != null && (u.host().header() != null || u.host().backend() != null || u.host().pathRegex() != null));
  }

  private static boolean extensionPathRewrite(UrlRewrite u) {
    return u.path() != null && u.path().regexMatchReplace() != null;
  }

  private static boolean extensionHostRewrite(UrlRewrite u) {
    return u.host() != null && (u.host().header() != null || u.host().backend() != null || u.host().pathRegex() != null);
  }

  private RouteError urlRewrite(HTTPURLRewriteFilter rewrite, FilterResult r) {
    if (r.urlRewrite != null && rewrite != null) {
      boolean multipleCore = coreRewrites(r.urlRewrite) && (rewrite.hostname() != null || rewrite.path() != null);
      boolean conflicting = (rewrite.hostname() != null && extensionHostRewrite(r.urlRewrite))
          || (rewrite.path() != null && extensionPathRewrite(r.urlRewrite));
      if (multipleCore || conflicting) {
        return accepted("cannot configure multiple urlRewrite filters for a single HTTPRouteRule");
      }
    }
    if (rewrite == null) {
      return null;
    }
    if (rewrite.hostname() != null) {
      String error = hostnameError(rewrite.hostname());
      if (error != null) {
        return accepted(error);
      }
      HostModifier host = new HostModifier(rewrite.hostname(), null, null, null);
      if (r.urlRewrite == null) {
        r.urlRewrite = new UrlRewrite(null, host, null);
      } else if (r.urlRewrite.host() == null) {
        r.urlRewrite = new UrlRewrite(r.urlRewrite.path(), host, r.urlRewrite.appendXForwardedHost());
      }
    }
    if (rewrite.path() != null) {
      var p = rewrite.path();
      PathModifier modifier;
      switch (p.type() == null ? "" : p.type()) {
        case "ReplaceFullPath" -> {
          if (p.replacePrefixMatch() != null) {
            return accepted("ReplacePrefixMatch cannot be set when rewrite path type is \"ReplaceFullPath\"");
          }
          if (p.replaceFullPath() == null) {
            return accepted("ReplaceFullPath must be set when rewrite path type is \"ReplaceFullPath\"");
          }
          modifier = new PathModifier(p.replaceFullPath(), null, null);
        }
        case "ReplacePrefixMatch" -> {
          if (p.replaceFullPath() != null) {
            return accepted("ReplaceFullPath cannot be set when rewrite path type is \"ReplacePrefixMatch\"");
          }
          if (p.replacePrefixMatch() == null) {
            return accepted("ReplacePrefixMatch must be set when rewrite path type is \"ReplacePrefixMatch\"");
          }
          modifier = new PathModifier(null, p.replacePrefixMatch(), null);
        }
        default -> {
          return accepted("rewrite path type: " + p.type()
              + " is invalid, only \"ReplaceFullPath\" and \"ReplacePrefixMatch\" are supported");
        }
      }
      if (r.urlRewrite == null) {
        r.urlRewrite = new UrlRewrite(modifier, null, null);
      } else if (r.urlRewrite.path() == null) {
        r.urlRewrite = new UrlRewrite(modifier, r.urlRewrite.host(), r.urlRewrite.appendXForwardedHost());
      }
    }
    return null;
  }

  private RouteError redirect(HTTPRequestRedirectFilter redirect, FilterResult r) {
    if (r.redirect != null) {
      return accepted("cannot configure multiple requestRedirect filters for a single HTTPRouteRule");
    }
    if (redirect == null) {
      return null;
    }
    String scheme = null;
    if (redirect.scheme() != null) {
      if (redirect.scheme().equals("http") || redirect.scheme().equals("https")) {
        scheme = redirect.scheme();
      } else {
        return accepted("scheme: " + redirect.scheme() + " is unsupported, only 'https' and 'http' are supported");
      }
    }
    String hostname = null;
    if (redirect.hostname() != null) {
      String error = hostnameError(redirect.hostname());
      if (error != null) {
        return accepted(error);
      }
      hostname = redirect.hostname();
    }
    PathModifier path = null;
    if (redirect.path() != null) {
      var p = redirect.path();
      switch (p.type() == null ? "" : p.type()) {
        case "ReplaceFullPath" -> path = p.replaceFullPath() == null ? null : new PathModifier(p.replaceFullPath(), null, null);
        case "ReplacePrefixMatch" -> path = p.replacePrefixMatch() == null ? null
            : new PathModifier(null, p.replacePrefixMatch(), null);
        default -> {
          return accepted("redirect path type: " + p.type()
              + " is invalid, only \"ReplaceFullPath\" and \"ReplacePrefixMatch\" are supported");
        }
      }
    }
    Integer statusCode = null;
    if (redirect.statusCode() != null) {
      if (!REDIRECT_CODES.contains(redirect.statusCode())) {
        return accepted("status code " + redirect.statusCode() + " is invalid, only 302 and 301 are supported");
      }
      statusCode = redirect.statusCode();
    }
    r.redirect = new Redirect(scheme, hostname, path, redirect.port(), statusCode);
    return null;
  }

  /** Why a rewrite or redirect hostname is unusable, or null (Envoy Gateway's validateHostname). */
  static String hostnameError(String hostname) {
    if (!dev.attache.control.gatewayapi.backend.Hostnames1123.isSubdomain(hostname)) {
      return "hostname \"" + hostname + "\" is invalid: [a lowercase RFC 1123 subdomain must consist of lower case "
          + "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
          + "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')]";
    }
    if (dev.attache.control.gatewayapi.context.IpAddresses.isIp(hostname)) {
      return "hostname: \"" + hostname + "\" cannot be an ip address";
    }
    int labelStart = 0;
    for (int i = 0; i <= hostname.length(); i++) {
      if (i == hostname.length() || hostname.charAt(i) == '.') {
        if (i - labelStart > 63) {
          return "label: \"" + hostname.substring(labelStart, i) + "\" in hostname \"" + hostname
              + "\" cannot exceed 63 characters";
        }
        labelStart = i + 1;
      }
    }
    return null;
  }

  // ---------------------------------------------------------------- headers

  static boolean modifiable(String name) {
    return !name.contains("/") && !name.contains(":") && !name.equalsIgnoreCase("host");
  }

  private static RouteError headers(HTTPHeaderFilter modifier, FilterResult r, boolean request) {
    if (modifier == null) {
      return null;
    }
    String filter = request ? "RequestHeaderModifier" : "ResponseHeaderModifier";
    List<AddHeader> adds = request ? r.addRequestHeaders : r.addResponseHeaders;
    List<String> removes = request ? r.removeRequestHeaders : r.removeResponseHeaders;
    boolean empty = true;
    List<String> errs = new ArrayList<>();
    String hostAdvice = request ? " To modify the Host header use the URLRewrite or the HTTPRouteFilter filter." : "";
    if (modifier.add() != null) {
      for (HTTPHeader h : modifier.add()) {
        empty = false;
        String name = h.name() == null ? "" : h.name();
        if (name.isEmpty()) {
          errs.add(filter + " Filter cannot add a header with an empty name");
          continue;
        }
        if (!modifiable(name)) {
          errs.add("Header: \"" + name + "\". The " + filter + " filter cannot " + (request ? "add" : "set")
              + " the Host header or headers with a '/' or ':' character in them." + hostAdvice);
          continue;
        }
        if (!HEADER_VALUE.matcher(h.value() == null ? "" : h.value()).matches()) {
          errs.add("Header: \"" + name + "\". " + filter + " Filter cannot add a header with an invalid value.");
          continue;
        }
        if (adds.stream().noneMatch(a -> a.name().equalsIgnoreCase(name))) {
          adds.add(new AddHeader(name, List.of(h.value()), true, false));
        }
      }
    }
    if (modifier.set() != null) {
      for (HTTPHeader h : modifier.set()) {
        empty = false;
        String name = h.name() == null ? "" : h.name();
        if (name.isEmpty()) {
          errs.add(filter + " Filter cannot set a header with an empty name");
          continue;
        }
        if (!modifiable(name)) {
          errs.add("Header: \"" + name + "\". The " + filter + " filter cannot set the Host header or headers with a "
              + "'/' or ':' character in them." + hostAdvice);
          continue;
        }
        if (!HEADER_VALUE.matcher(h.value() == null ? "" : h.value()).matches()) {
          errs.add("Header: \"" + name + "\". " + filter + " Filter cannot set a header with an invalid value.");
          continue;
        }
        if (adds.stream().noneMatch(a -> a.name().equalsIgnoreCase(name))) {
          adds.add(new AddHeader(name, List.of(h.value()), false, false));
        }
      }
    }
    if (modifier.remove() != null) {
      for (String name : modifier.remove()) {
        empty = false;
        if (name == null || name.isEmpty()) {
          errs.add(filter + " Filter cannot remove a header with an empty name");
          continue;
        }
        if (!modifiable(name)) {
          errs.add("Header: \"" + name + "\". The " + filter + " filter cannot remove the Host header or headers with "
              + "a '/' or ':' character in them.");
          continue;
        }
        if (removes.stream().noneMatch(x -> x.equalsIgnoreCase(name))) {
          removes.add(name);
        }
      }
    }
    if (adds.isEmpty() && removes.isEmpty() && !empty) {
      return accepted(filter + " Filter did not provide valid configuration to add/"
          + (request ? "set/" : "") + "remove any headers");
    }
    if (!errs.isEmpty()) {
      return accepted(String.join("\n", errs));
    }
    return null;
  }

  // ---------------------------------------------------------------- mirror and CORS

  private RouteError mirror(int filterIndex, HTTPRequestMirrorFilter mirror, FilterResult r, RouteParentContext parent,
      RouteContext route, int ruleIndex) {
    if (mirror == null || mirror.backendRef() == null) {
      return null;
    }
    var b = mirror.backendRef();
    BackendRefSpec ref = new BackendRefSpec(b.group(), b.kind(), b.name(), b.namespace(), b.port(), 1, null, null);
    String namespace = ref.namespaceOr(route.namespace());
    RouteError invalid = destinations.validation().validate(ref, route, namespace);
    if (invalid != null) {
      return invalid.wrap("failed to validate the RequestMirror filter: ").withType(RouteConditions.RESOLVED_REFS);
    }
    String destName = Names.routeDestination(route, ruleIndex) + "-mirror-" + filterIndex;
    GatewayContext gateway = parent.gateway();
    String routingType = merge.routingType(route, parent, gateway, null);
    var outcome = destinations.process(destName + "/backend/-1", ref, route, gateway,
        RouteTranslation.protocolOf(route.kind()), routingType, null, null);
    if (outcome.error() != null) {
      if (outcome.error().reason().equals(RouteConditions.REASON_ENDPOINTS_NOT_FOUND)) {
        return outcome.error().wrap("failed to validate the RequestMirror filter: ")
            .withType(RouteConditions.BACKENDS_AVAILABLE);
      }
      return outcome.error();
    }
    Double percent = null;
    if (mirror.fraction() != null) {
      float denominator = mirror.fraction().denominator() == null ? 100f : mirror.fraction().denominator();
      percent = float32(100f * mirror.fraction().numerator() / denominator);
    } else if (mirror.percent() != null) {
      percent = float32((float) mirror.percent());
    }
    List<MirrorPolicy> mirrors = r.mirrors == null ? new ArrayList<>() : new ArrayList<>(r.mirrors);
    mirrors.add(new MirrorPolicy(new RouteDestination(destName, null, List.of(outcome.setting()), null, null), percent));
    r.mirrors = mirrors;
    return null;
  }

  /** A float32 as Go prints it (its shortest decimal form), as a double. */
  static Double float32(float value) {
    return Double.valueOf(Float.toString(value));
  }

  private static void cors(HTTPCORSFilter cors, FilterResult r) {
    if (cors == null) {
      return;
    }
    List<StringMatch> origins = new ArrayList<>();
    if (cors.allowOrigins() != null) {
      for (String origin : cors.allowOrigins()) {
        if (origin.contains("*")) {
          origins.add(new StringMatch(null, null, null, null, wildcardToRegex(origin), false, null));
        } else {
          origins.add(new StringMatch(null, origin, null, null, null, false, null));
        }
      }
    }
    int maxAge = cors.maxAge() == null ? 0 : cors.maxAge();
    r.cors = new Cors(origins, nz(cors.allowMethods()), nz(cors.allowHeaders()), nz(cors.exposeHeaders()),
        GoDuration.ofSeconds(maxAge), Boolean.TRUE.equals(cors.allowCredentials()));
  }

  static String wildcardToRegex(String wildcard) {
    return Re2.quoteMeta(wildcard).replace("\\*", ".*");
  }

  private static List<String> nz(List<String> l) {
    return l == null ? List.of() : l;
  }

  // ---------------------------------------------------------------- HTTPRouteFilter and extensions

  private RouteError extensionRef(LocalObjectReference ref, FilterResult r, RouteContext route) {
    if (ref == null) {
      return null;
    }
    String ns = route.namespace();
    if ("HTTPRouteFilter".equals(ref.kind())) {
      for (HTTPRouteFilter hrf : ctx.resources.httpFilters()) {
        if (!hrf.namespace().equals(ns) || !hrf.name().equals(ref.name())) {
          continue;
        }
        RouteError e = routeFilter(hrf, r, ns, ref.kind());
        if (e != null) {
          return e;
        }
      }
      if (ctx.resources.httpFilters().stream().noneMatch(h -> h.namespace().equals(ns) && h.name().equals(ref.name()))) {
        return unresolved("Unable to translate HTTPRouteFilter: " + ns + "/" + ref.name(), r);
      }
      return null;
    }
    for (var object : ctx.resources.extensionRefFilters()) {
      if (ref.kind().equals(object.kind()) && ref.name().equals(object.name()) && ns.equals(object.namespace())) {
        String apiVersion = object.apiVersion() == null ? "" : object.apiVersion();
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
          return unresolved("Unable to translate APIVersion for Extension Filter: kind: " + object.kind() + ", " + ns
              + "/" + ref.name(), r);
        }
        if (apiVersion.substring(0, slash).equals(ref.group())) {
          r.extensionRefs.add(object);
          return null;
        }
      }
    }
    return unresolved("Reference " + ns + "/" + ref.name() + " not found for filter type: " + ref.kind(), r);
  }

  private RouteError routeFilter(HTTPRouteFilter hrf, FilterResult r, String ns, String kind) {
    var spec = hrf.spec();
    if (spec == null) {
      return null;
    }
    if (spec.matches() != null && !spec.matches().isEmpty() && !r.matches.isEmpty()) {
      return accepted("only one HTTPRouteFilter with matches is supported per HTTPRouteRule");
    }
    if (spec.matches() != null && !spec.matches().isEmpty()) {
      r.matches = spec.matches();
    }
    var rw = spec.urlRewrite();
    if (rw != null) {
      if (r.urlRewrite != null) {
        boolean multipleExtension = extensionRewrites(r.urlRewrite) && (rw.hostname() != null || rw.path() != null);
        boolean conflicting = (rw.hostname() != null && r.urlRewrite.host() != null && r.urlRewrite.host().name() != null)
            || (rw.path() != null && r.urlRewrite.path() != null
                && (r.urlRewrite.path().fullReplace() != null || r.urlRewrite.path().prefixMatchReplace() != null));
        if (multipleExtension || conflicting) {
          return accepted("cannot configure multiple urlRewrite filters for a single HTTPRouteRule");
        }
      }
      if (rw.path() != null && "ReplaceRegexMatch".equals(rw.path().type())) {
        var m = rw.path().replaceRegexMatch();
        if (m == null || m.pattern() == null || m.pattern().isEmpty()) {
          return accepted("ReplaceRegexMatch Pattern must be set when rewrite path type is \"ReplaceRegexMatch\"");
        }
        if (Re2.error(m.pattern()) != null) {
          return accepted("ReplaceRegexMatch must be a valid RE2 regular expression");
        }
        PathModifier path = new PathModifier(null, null, new RegexMatchReplace(m.pattern(), m.substitution()));
        if (r.urlRewrite == null) {
          r.urlRewrite = new UrlRewrite(path, null, null);
        } else if (r.urlRewrite.path() == null) {
          r.urlRewrite = new UrlRewrite(path, r.urlRewrite.host(), r.urlRewrite.appendXForwardedHost());
        }
      }
      if (rw.hostname() != null) {
        HostModifier host = null;
        switch (rw.hostname().type() == null ? "" : rw.hostname().type()) {
          case "Header" -> {
            if (rw.hostname().header() == null) {
              return accepted("Header must be set when rewrite path type is \"Header\"");
            }
            host = new HostModifier(null, rw.hostname().header(), null, null);
          }
          case "Backend" -> host = new HostModifier(null, null, true, null);
          case "PathRegex" -> {
            var pr = rw.hostname().pathRegex();
            if (pr == null || pr.pattern() == null || pr.pattern().isEmpty() || pr.substitution() == null
                || pr.substitution().isEmpty()) {
              return accepted("PathRegex Pattern and Substitution must be set when rewrite hostname type is \"PathRegex\"");
            }
            if (Re2.error(pr.pattern()) != null) {
              return accepted("PathRegex must be a valid RE2 regular expression");
            }
            host = new HostModifier(null, null, null, new RegexMatchReplace(pr.pattern(), pr.substitution()));
          }
          default -> { }
        }
        if (r.urlRewrite == null) {
          r.urlRewrite = new UrlRewrite(null, host, null);
        } else if (r.urlRewrite.host() == null) {
          r.urlRewrite = new UrlRewrite(r.urlRewrite.path(), host, r.urlRewrite.appendXForwardedHost());
        }
      }
      if (rw.appendXForwardedHost() != null) {
        r.urlRewrite = r.urlRewrite == null
            ? new UrlRewrite(null, null, rw.appendXForwardedHost())
            : new UrlRewrite(r.urlRewrite.path(), r.urlRewrite.host(), rw.appendXForwardedHost());
      }
    }
    var dr = spec.directResponse();
    if (dr != null) {
      Bytes body = null;
      if (dr.body() != null) {
        try {
          byte[] b = responseBody(dr.body(), ns);
          body = b == null ? null : Bytes.of(b);
        } catch (IllegalArgumentException e) {
          return invalidFilter(kind, r, e.getMessage());
        }
      }
      int status = dr.statusCode() != null ? dr.statusCode() : 200;
      if (dr.contentType() != null) {
        r.addResponseHeaders.add(new AddHeader("Content-Type", List.of(dr.contentType()), false, false));
      }
      r.directResponse = new CustomResponse(null, body, status, null);
      if (dr.header() != null) {
        if (dr.header().add() != null) {
          for (HTTPHeader h : dr.header().add()) {
            r.addResponseHeaders.add(new AddHeader(h.name(), List.of(h.value()), true, false));
          }
        }
        if (dr.header().set() != null) {
          for (HTTPHeader h : dr.header().set()) {
            r.addResponseHeaders.add(new AddHeader(h.name(), List.of(h.value()), false, false));
          }
        }
      }
    }
    var ci = spec.credentialInjection();
    if (ci != null) {
      SecretObjectReference valueRef = ci.credential() == null ? null : ci.credential().valueRef();
      Secret secret;
      try {
        secret = dev.attache.control.gatewayapi.context.SecretRefs.resolve(ctx, true, "gateway.envoyproxy.io", "HTTPRouteFilter", ns, valueRef);
      } catch (IllegalArgumentException e) {
        return invalidFilter(kind, r, e.getMessage());
      }
      byte[] credential = ServingCertificates.data(secret, "credential");
      if (credential.length == 0) {
        return invalidFilter(kind, r, "credential key credential not found in secret " + secret.namespace() + "/"
            + secret.name());
      }
      r.credentialInjection = new CredentialInjection(configName(hrf.kind(), hrf.namespace(), hrf.name()),
          ci.header(), ci.overwrite(), Bytes.of(credential));
    }
    return null;
  }

  /** The name Envoy Gateway gives IR config from a policy or filter: {@code kind/namespace/name}. */
  static String configName(String kind, String namespace, String name) {
    return (kind == null ? "" : kind.toLowerCase(Locale.ROOT)) + "/" + namespace + "/" + name;
  }

  /** A response body: inline text, or the {@code response.body} key of a ConfigMap. */
  byte[] responseBody(CustomResponseBody body, String namespace) {
    if ("ValueRef".equals(body.type())) {
      String name = body.valueRef() == null ? "" : body.valueRef().name();
      ConfigMap cm = ctx.index.configMap(namespace, name);
      if (cm == null) {
        throw new IllegalArgumentException("can't find the referenced configmap " + namespace + "/" + name);
      }
      if (cm.data() != null && cm.data().containsKey("response.body")) {
        return cm.data().get("response.body").getBytes(StandardCharsets.UTF_8);
      }
      if (cm.data() != null && !cm.data().isEmpty()) {
        return cm.data().values().iterator().next().getBytes(StandardCharsets.UTF_8);
      }
      if (cm.binaryData() != null && !cm.binaryData().isEmpty()) {
        return java.util.Base64.getMimeDecoder().decode(cm.binaryData().values().iterator().next());
      }
      throw new IllegalArgumentException("can't find the key response.body in the referenced configmap " + namespace
          + "/" + name);
    }
    return body.inline() == null ? null : body.inline().getBytes(StandardCharsets.UTF_8);
  }
}
