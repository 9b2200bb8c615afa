package dev.attache.control.gatewayapi.route;

import dev.attache.control.gatewayapi.context.RouteContext;
import java.util.ArrayList;
import java.util.List;

/**
 * What the route stage returns: the routes of each kind that have a parent among the
 * translator's listeners, each with the parent statuses it has so far, on top of the listeners
 * they were attached to.
 */
public record Routes(List<RouteContext> http, List<RouteContext> grpc, List<RouteContext> tls,
    List<RouteContext> tcp, List<RouteContext> udp) {
  public Routes {
    http = List.copyOf(http);
    grpc = List.copyOf(grpc);
    tls = List.copyOf(tls);
    tcp = List.copyOf(tcp);
    udp = List.copyOf(udp);
  }

  /** Every route: HTTP, gRPC, TLS, TCP, then UDP, as policies see them. */
  public List<RouteContext> all() {
    List<RouteContext> out = new ArrayList<>(http.size() + grpc.size() + tls.size() + tcp.size() + udp.size());
    out.addAll(http);
    out.addAll(grpc);
    out.addAll(tls);
    out.addAll(tcp);
    out.addAll(udp);
    return out;
  }

  /** The HTTP and gRPC routes. */
  public List<RouteContext> httpAndGrpc() {
    List<RouteContext> out = new ArrayList<>(http.size() + grpc.size());
    out.addAll(http);
    out.addAll(grpc);
    return out;
  }
}
