package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import io.envoyproxy.envoy.config.listener.v3.Filter;

/** Network filter names and how a filter config becomes a listener filter. */
final class NetworkFilters {
  static final String HTTP_CONNECTION_MANAGER = "envoy.filters.network.http_connection_manager";
  static final String TCP_PROXY = "envoy.filters.network.tcp_proxy";
  static final String CONNECTION_LIMIT = "envoy.filters.network.connection_limit";

  private NetworkFilters() {}

  static Filter of(String name, Message config) {
    return Filter.newBuilder().setName(name).setTypedConfig(Any.pack(config)).build();
  }
}
