package dev.attache.control.gatewayapi.context;

import java.util.Locale;

/** Names of IR elements, exactly as Envoy Gateway forms them (xDS and stats use these). */
public final class Names {
  /** Labels of a proxy's infrastructure naming the Gateway it serves (or the GatewayClass, when gateways are merged). */
  public static final String OWNING_GATEWAY_NAME = "gateway.envoyproxy.io/owning-gateway-name";
  public static final String OWNING_GATEWAY_NAMESPACE = "gateway.envoyproxy.io/owning-gateway-namespace";
  public static final String OWNING_GATEWAY_CLASS = "gateway.envoyproxy.io/owning-gatewayclass";

  private Names() {}

  /** {@code ns/gateway/listener}, or {@code ns/gateway/lsNs/lsName/listener} for a ListenerSet's. */
  public static String listener(ListenerContext listener) {
    GatewayContext g = listener.gateway();
    if (listener.isFromListenerSet()) {
      return g.namespace() + "/" + g.name() + "/" + listener.listenerSet().namespace() + "/"
          + listener.listenerSet().name() + "/" + listener.name();
    }
    return g.namespace() + "/" + g.name() + "/" + listener.name();
  }

  /** The infrastructure port name: {@code http-80}. */
  public static String listenerPort(String protocol, int port) {
    return (protocol + "-" + port).toLowerCase(Locale.ROOT);
  }

  /** {@code httproute/ns/name/}: the prefix of every IR name of a route. */
  public static String routePrefix(RouteContext route) {
    return route.kind().toLowerCase(Locale.ROOT) + "/" + route.namespace() + "/" + route.name() + "/";
  }

  public static String route(RouteContext route, int ruleIndex, int matchIndex) {
    return routePrefix(route) + "rule/" + ruleIndex + "/match/" + matchIndex;
  }

  /** The single IR route of a TCP, TLS or UDP route: {@code tcproute/ns/name}. */
  public static String l4Route(RouteContext route) {
    return route.kind().toLowerCase(Locale.ROOT) + "/" + route.namespace() + "/" + route.name();
  }

  public static String routeDestination(RouteContext route, int ruleIndex) {
    return routePrefix(route) + "rule/" + ruleIndex;
  }

  public static String destinationSetting(String destination, int backendIndex) {
    return destination + "/backend/" + backendIndex;
  }

  /** The xDS and infrastructure IR key of a Gateway: {@code namespace/name}. */
  public static String gatewayKey(String namespace, String name) {
    return namespace + "/" + name;
  }

  public static String tlsCertificate(String secretNamespace, String secretName) {
    return secretNamespace + "/" + secretName;
  }

  public static String caCertificate(String namespace, String name) {
    return namespace + "/" + name + "/ca.crt";
  }
}
