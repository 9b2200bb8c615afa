package dev.attache.control.xds.translate;

import dev.attache.control.resource.envoygateway.FilterPosition;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order of HTTP filters in a connection manager, as Envoy Gateway fixes it: each filter type
 * has a rank (custom response first, router last); filters of one type with an index in their
 * name ({@code envoy.filters.http.ext_proc/2}) keep that order; ties go by name.
 */
final class HttpFilterOrder {
  private record Rank(String prefix, int order, boolean indexed) {}

  private static final List<Rank> RANKS = List.of(
      new Rank("envoy.filters.http.custom_response", 0, false),
      new Rank("envoy.filters.http.health_check", 1, false),
      new Rank("envoy.filters.http.fault", 2, false),
      new Rank("envoy.filters.http.cors", 3, false),
      new Rank("envoy.filters.http.csrf", 4, false),
      new Rank("envoy.filters.http.header_mutation", 5, false),
      new Rank("envoy.filters.http.ext_authz", 6, false),
      new Rank("envoy.filters.http.api_key_auth", 7, false),
      new Rank("envoy.filters.http.basic_auth", 8, false),
      new Rank("envoy.filters.http.oauth2", 9, false),
      new Rank("envoy.filters.http.jwt_authn", 10, false),
      new Rank("envoy.filters.http.stateful_session", 11, false),
      new Rank("envoy.filters.http.buffer", 12, false),
      new Rank("envoy.filters.http.lua", 13, true),
      new Rank("envoy.filters.http.ext_proc", 100, true),
      new Rank("envoy.filters.http.wasm", 200, true),
      new Rank("envoy.filters.http.dynamic_modules", 250, true),
      new Rank("envoy.filters.http.geoip", 300, false),
      new Rank("envoy.filters.http.rbac", 301, false),
      new Rank("envoy.filters.http.local_ratelimit", 302, false),
      new Rank("envoy.filters.http.ratelimit", 303, false),
      new Rank("envoy.filters.http.bandwidth_limit", 304, false),
      new Rank("envoy.filters.http.grpc_web", 305, false),
      new Rank("envoy.filters.http.grpc_stats", 306, false),
      new Rank("envoy.filters.http.credential_injector", 307, false),
      new Rank("envoy.filters.http.compressor", 308, false),
      new Rank("envoy.filters.http.dynamic_forward_proxy", 309, false),
      new Rank("envoy.filters.http.router", 310, false));
  private static final int UNRANKED = 50;

  private HttpFilterOrder() {}

  static List<HttpFilter> sort(List<HttpFilter> filters) {
    return sort(filters, List.of());
  }

  /**
   * The default order, then each custom position in turn: all filters of its type move before
   * the first filter of the {@code before} type, or after the last of the {@code after} type.
   */
  static List<HttpFilter> sort(List<HttpFilter> filters, List<FilterPosition> positions) {
    List<HttpFilter> out = new ArrayList<>(filters);
    out.sort(Comparator.comparingInt((HttpFilter f) -> order(f.getName()))
        .thenComparing(HttpFilter::getName));
    for (FilterPosition p : positions) {
      String type = p.name() == null ? "" : p.name();
      List<HttpFilter> moving = out.stream().filter(f -> f.getName().startsWith(type)).toList();
      if (moving.isEmpty()) {
        continue;
      }
      if (p.before() != null) {
        int target = indexOf(out, p.before(), true);
        if (target >= 0) {
          HttpFilter anchor = out.get(target);
          if (moving.contains(anchor)) {
            continue;
          }
          out.removeAll(moving);
          out.addAll(out.indexOf(anchor), moving);
        }
      } else if (p.after() != null) {
        int target = indexOf(out, p.after(), false);
        if (target >= 0) {
          HttpFilter anchor = out.get(target);
          if (moving.contains(anchor)) {
            continue;
          }
          out.removeAll(moving);
          out.addAll(out.indexOf(anchor) + 1, moving);
        }
      }
    }
    return out;
  }

  private static int indexOf(List<HttpFilter> filters, String type, boolean first) {
    int found = -1;
    for (int i = 0; i < filters.size(); i++) {
      if (filters.get(i).getName().startsWith(type)) {
        found = i;
        if (first) {
          break;
        }
      }
    }
    return found;
  }

  static int order(String name) {
    for (Rank rank : RANKS) {
      if (name.startsWith(rank.prefix())) {
        if (!rank.indexed()) {
          return rank.order();
        }
        String index = name.substring(name.lastIndexOf('/') + 1);
        try {
          return rank.order() + Integer.parseInt(index);
        } catch (NumberFormatException e) {
          throw new IllegalStateException("filter " + name + " has no index", e);
        }
      }
    }
    return UNRANKED;
  }
}
