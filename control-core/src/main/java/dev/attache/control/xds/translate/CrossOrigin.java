package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.attache.control.ir.Cors;
import dev.attache.control.ir.Fraction;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.RuntimeFractionalPercent;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.cors.v3.CorsPolicy;
import io.envoyproxy.envoy.extensions.filters.http.csrf.v3.CsrfPolicy;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.FractionalPercent;
import java.util.List;

/** Cross-origin rules of routes: CORS (route or SecurityPolicy) and CSRF protection. */
final class CrossOrigin implements HttpFeature {
  static final String CORS = "envoy.filters.http.cors";
  static final String CSRF = "envoy.filters.http.csrf";

  private static Cors cors(HttpRoute r) {
    if (r.cors() != null) {
      return r.cors();
    }
    return r.security() == null ? null : r.security().cors();
  }

  private static dev.attache.control.ir.Csrf csrf(HttpRoute r) {
    return r.security() == null ? null : r.security().csrf();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    if (listener.routes().stream().anyMatch(r -> cors(r) != null) && absent(hcm, CORS)) {
      hcm.addHttpFilters(0, HttpFilter.newBuilder().setName(CORS).setTypedConfig(Any.pack(
          io.envoyproxy.envoy.extensions.filters.http.cors.v3.Cors.getDefaultInstance())));
    }
    if (listener.routes().stream().anyMatch(r -> csrf(r) != null) && absent(hcm, CSRF)) {
      hcm.addHttpFilters(0, HttpFilter.newBuilder().setName(CSRF).setTypedConfig(Any.pack(
          CsrfPolicy.newBuilder().setFilterEnabled(percent(0)).build())));
    }
  }

  private static boolean absent(HttpConnectionManager.Builder hcm, String name) {
    return hcm.getHttpFiltersList().stream().noneMatch(f -> f.getName().equals(name));
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    Cors c = cors(irRoute);
    if (c != null) {
      CorsPolicy.Builder policy = CorsPolicy.newBuilder()
          .setAllowMethods(c.allowMethods().contains("*") ? "*" : String.join(", ", c.allowMethods()))
          .setAllowHeaders(c.allowHeaders().contains("*") ? "*" : String.join(", ", c.allowHeaders()))
          .setExposeHeaders(String.join(", ", c.exposeHeaders()))
          .setAllowCredentials(BoolValue.of(c.allowCredentials()))
          .setForwardNotMatchingPreflights(BoolValue.of(false));
      for (StringMatch origin : c.allowOrigins()) {
        policy.addAllowOriginStringMatch(Matchers.string(origin));
      }
      if (c.maxAge() != null) {
        policy.setMaxAge(Long.toString(c.maxAge().toProto().getSeconds()));
      }
      route.putTypedPerFilterConfig(CORS, Any.pack(policy.build()));
    }
    var csrf = csrf(irRoute);
    if (csrf != null) {
      CsrfPolicy.Builder policy = CsrfPolicy.newBuilder();
      if (csrf.shadowFraction() != null) {
        Fraction shadow = csrf.shadowFraction();
        int denominator = shadow.denominator() == null ? 100 : shadow.denominator();
        policy.setFilterEnabled(RuntimeFractionalPercent.newBuilder().setDefaultValue(
            Tracing.fractionalPercent(new Fraction(denominator - shadow.numerator(), denominator))))
            .setShadowEnabled(percent(100));
      } else {
        policy.setFilterEnabled(percent(100));
      }
      csrf.additionalOrigins().forEach(o -> policy.addAdditionalOrigins(Matchers.string(o)));
      route.putTypedPerFilterConfig(CSRF, Any.pack(policy.build()));
    }
  }

  private static RuntimeFractionalPercent percent(int value) {
    return RuntimeFractionalPercent.newBuilder().setDefaultValue(FractionalPercent.newBuilder()
        .setNumerator(value).setDenominator(FractionalPercent.DenominatorType.HUNDRED)).build();
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}
}
