package dev.attache.control.gatewayapi.listener;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.util.JsonFormat;
import dev.attache.control.resource.envoygateway.ProxyBootstrap;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The Envoy bootstrap of managed proxies: Envoy Gateway's default (as its template renders it
 * with no options) and an EnvoyProxy's replacement or merge of it, with the checks Envoy Gateway
 * makes on a user bootstrap: the dynamic resources (up to their initial fetch timeout) and the
 * xDS cluster's endpoints must stay as they are, or the proxy would not reach the control plane.
 */
public final class ProxyBootstraps {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final JsonFormat.TypeRegistry TYPES = JsonFormat.TypeRegistry.newBuilder()
      .add(io.envoyproxy.envoy.extensions.access_loggers.file.v3.FileAccessLog.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.access_loggers.stream.v3.StdoutAccessLog.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.http.router.v3.Router.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager
          .getDescriptor())
      .add(io.envoyproxy.envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.load_balancing_policies.round_robin.v3.RoundRobin.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.DownstreamTlsContext.getDescriptor())
      .add(io.envoyproxy.envoy.extensions.resource_monitors.downstream_connections.v3.DownstreamConnectionsConfig
          .getDescriptor())
      .build();
  private static final String DEFAULT_TEXT = load();

  private ProxyBootstraps() {}

  private static String load() {
    try (InputStream in = ProxyBootstraps.class.getResourceAsStream("default-bootstrap.yaml")) {
      return new String(requireNonNull(in, "default-bootstrap.yaml").readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A bootstrap that does not read or is not allowed, with the reason. */
  public static final class BootstrapException extends Exception {
    public BootstrapException(String message) {
      super(message, null, false, false);
    }
  }

  /** The default bootstrap as Envoy Gateway renders it (YAML text). */
  public static String defaultText() {
    return DEFAULT_TEXT;
  }

  /** Bootstrap YAML (Envoy's field names, snake or camel case) read as the proto. */
  public static Bootstrap parse(String yaml) throws BootstrapException {
    try {
      JsonNode tree = YAML.readTree(yaml);
      Bootstrap.Builder b = Bootstrap.newBuilder();
      JsonFormat.parser().usingTypeRegistry(TYPES).merge(tree == null ? "{}" : tree.toString(), b);
      return b.build();
    } catch (IOException e) {
      throw new BootstrapException(e.getMessage());
    }
  }

  /** The bootstrap an EnvoyProxy's {@code spec.bootstrap} gives (Replace, or Merge over the default). */
  public static Bootstrap apply(ProxyBootstrap config) throws BootstrapException {
    Bootstrap defaults = parse(DEFAULT_TEXT);
    if (config == null) {
      return defaults;
    }
    String type = config.type() == null ? "Replace" : config.type();
    return switch (type) {
      case "Replace" -> parse(config.value() == null ? "" : config.value());
      case "Merge" -> config.value() == null ? defaults : defaults.toBuilder().mergeFrom(parse(config.value())).build();
      case "JSONPatch" -> defaults;
      default -> throw new BootstrapException("unsupported bootstrap patch type " + type);
    };
  }

  /** What is wrong with the EnvoyProxy's bootstrap, or null when nothing is. */
  public static String validate(ProxyBootstrap config) {
    if (config == null) {
      return null;
    }
    Bootstrap user;
    Bootstrap defaults;
    try {
      defaults = parse(DEFAULT_TEXT);
      user = apply(config);
    } catch (BootstrapException e) {
      return "unable to unmarshal user bootstrap: " + e.getMessage();
    }
    if (!user.hasDynamicResources()
        || !withoutFetchTimeouts(user.getDynamicResources()).equals(withoutFetchTimeouts(defaults.getDynamicResources()))) {
      return "dynamic_resources cannot be modified";
    }
    Cluster userXds = xdsCluster(user);
    Cluster defaultXds = xdsCluster(defaults);
    if (userXds == null || defaultXds == null || !userXds.getLoadAssignment().equals(defaultXds.getLoadAssignment())) {
      return "xds_cluster's loadAssigntment cannot be modified";
    }
    return null;
  }

  private static Cluster xdsCluster(Bootstrap b) {
    for (Cluster c : b.getStaticResources().getClustersList()) {
      if (c.getName().equals("xds_cluster")) {
        return c;
      }
    }
    return null;
  }

  private static Bootstrap.DynamicResources withoutFetchTimeouts(Bootstrap.DynamicResources d) {
    Bootstrap.DynamicResources.Builder b = d.toBuilder();
    if (d.hasLdsConfig()) {
      b.setLdsConfig(clear(d.getLdsConfig()));
    }
    if (d.hasCdsConfig()) {
      b.setCdsConfig(clear(d.getCdsConfig()));
    }
    return b.build();
  }

  private static ConfigSource clear(ConfigSource c) {
    return c.toBuilder().clearInitialFetchTimeout().build();
  }
}
