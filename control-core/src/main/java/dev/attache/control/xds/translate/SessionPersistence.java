package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.StringMatch;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.stateful_session.v3.StatefulSession;
import io.envoyproxy.envoy.extensions.filters.http.stateful_session.v3.StatefulSessionPerRoute;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.http.stateful_session.cookie.v3.CookieBasedSessionState;
import io.envoyproxy.envoy.extensions.http.stateful_session.header.v3.HeaderBasedSessionState;
import io.envoyproxy.envoy.type.http.v3.Cookie;
import java.util.ArrayList;
import java.util.List;

/**
 * Sticky sessions (session persistence by cookie or header): a stateful-session filter, disabled
 * on the listener and enabled per route with that route's cookie or header.
 */
final class SessionPersistence implements HttpFeature {
  static final String FILTER = "envoy.filters.http.stateful_session";

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    if (hcm.getHttpFiltersList().stream().anyMatch(f -> f.getName().equals(FILTER))) {
      return;
    }
    listener.routes().stream().filter(r -> r.sessionPersistence() != null).findFirst()
        .ifPresent(route -> hcm.addHttpFilters(HttpFilter.newBuilder().setName(FILTER)
            .setTypedConfig(Any.pack(config(route))).setDisabled(true)));
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    if (irRoute.sessionPersistence() != null) {
      route.putTypedPerFilterConfig(FILTER, Any.pack(StatefulSessionPerRoute.newBuilder()
          .setStatefulSession(config(irRoute)).build()));
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}

  private static StatefulSession config(HttpRoute route) {
    var sp = route.sessionPersistence();
    String name;
    Message state;
    if (sp.cookie() != null) {
      name = "envoy.http.stateful_session.cookie";
      Cookie.Builder cookie = Cookie.newBuilder().setName(sp.cookie().name())
          .setPath(cookiePath(route.pathMatch()));
      if (sp.cookie().ttl() != null) {
        cookie.setTtl(sp.cookie().ttl().toProto());
      }
      state = CookieBasedSessionState.newBuilder().setCookie(cookie).build();
    } else {
      name = "envoy.http.stateful_session.header";
      state = HeaderBasedSessionState.newBuilder()
          .setName(sp.header() == null ? "" : sp.header().name()).build();
    }
    return StatefulSession.newBuilder().setSessionState(TypedExtensionConfig.newBuilder()
        .setName(name).setTypedConfig(Any.pack(state))).build();
  }

  /** The cookie path: the route's path, or the part of a regex before its first wildcard. */
  static String cookiePath(StringMatch path) {
    if (path == null) {
      return "/";
    }
    if (path.exact() != null) {
      return path.exact();
    }
    if (path.prefix() != null) {
      return path.prefix();
    }
    if (path.safeRegex() != null) {
      List<String> kept = new ArrayList<>();
      for (String part : path.safeRegex().split("/", -1)) {
        if (part.contains("*")) {
          break;
        }
        kept.add(part);
      }
      return String.join("/", kept);
    }
    return "/";
  }
}
