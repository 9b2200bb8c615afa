package dev.attache.control.xds.translate;

import com.github.xds.core.v3.TypedExtensionConfig;
import com.github.xds.type.matcher.v3.CelMatcher;
import com.github.xds.type.matcher.v3.HttpAttributesCelMatchInput;
import com.github.xds.type.matcher.v3.Matcher;
import com.github.xds.type.matcher.v3.Matcher.MatcherList.Predicate;
import com.github.xds.type.matcher.v3.RegexMatcher;
import com.github.xds.type.matcher.v3.StringMatcher;
import com.github.xds.type.v3.CelExpression;
import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.ResponseOverride;
import dev.attache.control.ir.ResponseOverrideRule;
import dev.attache.control.ir.StatusCodeMatch;
import dev.attache.control.ir.StringMatch;
import dev.cel.expr.Constant;
import dev.cel.expr.Expr;
import dev.cel.expr.ParsedExpr;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.core.v3.SubstitutionFormatString;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.RedirectAction;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.custom_response.v3.CustomResponse;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.http.custom_response.local_response_policy.v3.LocalResponsePolicy;
import io.envoyproxy.envoy.extensions.http.custom_response.redirect_policy.v3.RedirectPolicy;
import io.envoyproxy.envoy.type.matcher.v3.HttpResponseHeaderMatchInput;
import io.envoyproxy.envoy.type.matcher.v3.HttpResponseStatusCodeMatchInput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Response overrides (custom responses): one disabled custom-response filter per policy on the
 * listener, enabled by its routes. Each rule matches status codes (any of; ranges as a CEL
 * expression), response headers (all of) and optionally whether the response is local, and
 * answers with a local response or a redirect.
 */
final class ResponseOverrides implements HttpFeature {
  static final String PREFIX = "envoy.filters.http.custom_response/";
  private static final String LOCAL_REPLY_INPUT =
      "type.googleapis.com/envoy.type.matcher.v3.HttpResponseLocalReplyMatchInput";

  private static ResponseOverride override(HttpRoute r) {
    return r.traffic() == null ? null : r.traffic().responseOverride();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    for (HttpRoute r : listener.routes()) {
      ResponseOverride ro = override(r);
      if (ro == null || hcm.getHttpFiltersList().stream()
          .anyMatch(f -> f.getName().equals(PREFIX + ro.name()))) {
        continue;
      }
      hcm.addHttpFilters(HttpFilter.newBuilder().setName(PREFIX + ro.name()).setDisabled(true)
          .setTypedConfig(Any.pack(config(ro))));
    }
  }

  private static CustomResponse config(ResponseOverride ro) {
    Matcher.MatcherList.Builder list = Matcher.MatcherList.newBuilder();
    for (ResponseOverrideRule rule : ro.rules()) {
      List<Predicate> predicates = new ArrayList<>();
      var match = rule.match();
      if (match != null && !match.statusCodes().isEmpty()) {
        List<Predicate> codes = match.statusCodes().stream()
            .map(ResponseOverrides::statusCode).toList();
        predicates.add(codes.size() == 1 ? codes.getFirst() : Predicate.newBuilder()
            .setOrMatcher(Predicate.PredicateList.newBuilder().addAllPredicate(codes)).build());
      }
      if (match != null && !match.responseHeaders().isEmpty()) {
        List<Predicate> headers = match.responseHeaders().stream()
            .map(ResponseOverrides::header).toList();
        predicates.add(and(headers));
      }
      if (predicates.isEmpty()) {
        throw new IllegalArgumentException("response override rule " + rule.name()
            + " matches nothing (no status codes or response headers)");
      }
      if ("Local".equals(rule.source()) || "Backend".equals(rule.source())) {
        predicates.add(single(input("http-response-local-reply-match-input",
            Any.newBuilder().setTypeUrl(LOCAL_REPLY_INPUT).build()),
            exact(String.valueOf("Local".equals(rule.source())))));
      }
      list.addMatchers(Matcher.MatcherList.FieldMatcher.newBuilder()
          .setPredicate(and(predicates))
          .setOnMatch(Matcher.OnMatch.newBuilder().setAction(TypedExtensionConfig.newBuilder()
              .setName(rule.name()).setTypedConfig(action(rule)))));
    }
    return CustomResponse.newBuilder()
        .setCustomResponseMatcher(Matcher.newBuilder().setMatcherList(list)).build();
  }

  private static Predicate and(List<Predicate> predicates) {
    return predicates.size() == 1 ? predicates.getFirst() : Predicate.newBuilder()
        .setAndMatcher(Predicate.PredicateList.newBuilder().addAllPredicate(predicates)).build();
  }

  private static TypedExtensionConfig input(String name, Any config) {
    return TypedExtensionConfig.newBuilder().setName(name).setTypedConfig(config).build();
  }

  private static StringMatcher exact(String value) {
    return StringMatcher.newBuilder().setExact(value).build();
  }

  private static Predicate single(TypedExtensionConfig input, StringMatcher value) {
    return Predicate.newBuilder().setSinglePredicate(Predicate.SinglePredicate.newBuilder()
        .setInput(input).setValueMatch(value)).build();
  }

  private static Predicate statusCode(StatusCodeMatch code) {
    if (code.range() != null) {
      CelMatcher cel = CelMatcher.newBuilder().setExprMatch(CelExpression.newBuilder()
          .setCelExprParsed(ParsedExpr.newBuilder().setExpr(call(9, "_&&_",
              call(3, "_>=_", responseCode(2, 1), constant(4, code.range().start())),
              call(7, "_<=_", responseCode(6, 5), constant(8, code.range().end())))))).build();
      return Predicate.newBuilder().setSinglePredicate(Predicate.SinglePredicate.newBuilder()
          .setInput(input("http-attributes-cel-match-input",
              Any.pack(HttpAttributesCelMatchInput.getDefaultInstance())))
          .setCustomMatch(TypedExtensionConfig.newBuilder().setName("cel-matcher")
              .setTypedConfig(Any.pack(cel)))).build();
    }
    return single(input("http-response-status-code-match-input",
        Any.pack(HttpResponseStatusCodeMatchInput.getDefaultInstance())),
        exact(String.valueOf(code.value() == null ? 0 : code.value())));
  }

  /** {@code response.code} with the expression ids upstream's parsed expression uses. */
  private static Expr responseCode(long selectId, long identId) {
    return Expr.newBuilder().setId(selectId).setSelectExpr(Expr.Select.newBuilder()
        .setOperand(Expr.newBuilder().setId(identId)
            .setIdentExpr(Expr.Ident.newBuilder().setName("response")))
        .setField("code")).build();
  }

  private static Expr constant(long id, long value) {
    return Expr.newBuilder().setId(id)
        .setConstExpr(Constant.newBuilder().setInt64Value(value)).build();
  }

  private static Expr call(long id, String function, Expr left, Expr right) {
    return Expr.newBuilder().setId(id).setCallExpr(Expr.Call.newBuilder()
        .setFunction(function).addArgs(left).addArgs(right)).build();
  }

  private static Predicate header(StringMatch match) {
    StringMatcher.Builder value = StringMatcher.newBuilder();
    if (match.exact() != null) {
      value.setExact(match.exact());
    } else if (match.prefix() != null) {
      value.setPrefix(match.prefix());
    } else if (match.suffix() != null) {
      value.setSuffix(match.suffix());
    } else if (match.safeRegex() != null) {
      value.setSafeRegex(RegexMatcher.newBuilder().setRegex(match.safeRegex())
          .setGoogleRe2(RegexMatcher.GoogleRE2.getDefaultInstance()));
    } else {
      throw new IllegalArgumentException("response header match on " + match.name()
          + " has no exact, prefix, suffix or regex value");
    }
    return single(input("http-response-header-match-input",
        Any.pack(HttpResponseHeaderMatchInput.newBuilder().setHeaderName(match.name()).build())),
        value.build());
  }

  private static Any action(ResponseOverrideRule rule) {
    if (rule.redirect() != null) {
      var r = rule.redirect();
      RedirectAction.Builder redirect = RedirectAction.newBuilder();
      if (r.scheme() != null) {
        redirect.setSchemeRedirect(r.scheme());
      }
      if (r.hostname() != null) {
        redirect.setHostRedirect(r.hostname());
      }
      if (r.port() != null) {
        redirect.setPortRedirect(r.port());
      }
      if (r.path() != null && r.path().fullReplace() != null) {
        redirect.setPathRedirect(r.path().fullReplace());
      }
      RedirectPolicy.Builder policy = RedirectPolicy.newBuilder().setRedirectAction(redirect);
      if (r.statusCode() != null) {
        policy.setStatusCode(UInt32Value.of(r.statusCode()));
      }
      return Any.pack(policy.build());
    }
    LocalResponsePolicy.Builder local = LocalResponsePolicy.newBuilder();
    var response = rule.response();
    if (response != null) {
      if (response.body() != null && response.body().length() > 0) {
        local.setBodyFormat(SubstitutionFormatString.newBuilder()
            .setTextFormat(new String(response.body().toArray(), StandardCharsets.UTF_8)));
      }
      if (response.contentType() != null && !response.contentType().isEmpty()) {
        local.addResponseHeadersToAdd(HeaderValueOption.newBuilder()
            .setHeader(HeaderValue.newBuilder().setKey("Content-Type")
                .setValue(response.contentType()))
            .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD));
      }
      if (response.statusCode() != null) {
        local.setStatusCode(UInt32Value.of(response.statusCode()));
      }
      local.addAllResponseHeadersToAdd(Matchers.headersToAdd(response.addResponseHeaders()));
    }
    return Any.pack(local.build());
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    ResponseOverride ro = override(irRoute);
    if (ro != null) {
      route.putTypedPerFilterConfig(PREFIX + ro.name(),
          Any.pack(FilterConfig.newBuilder().setConfig(Any.getDefaultInstance()).build()));
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}
}
