package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.Http1Settings;
import dev.attache.control.ir.HttpTimeout;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Http1ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.UpstreamHttpProtocolOptions;
import io.envoyproxy.envoy.extensions.upstreams.http.v3.HttpProtocolOptions;

/** The upstream HTTP protocol options of a cluster ({@code typed_extension_protocol_options}). */
final class ProtocolOptions {
  static final String KEY = "envoy.extensions.upstreams.http.v3.HttpProtocolOptions";

  private ProtocolOptions() {}

  static void apply(Cluster.Builder cluster, ClusterArgs args) {
    UpstreamTls.Needs needs = UpstreamTls.Needs.of(args);
    HttpTimeout timeout = args.timeout() == null ? null : args.timeout().http();
    boolean timeouts = timeout != null && (timeout.maxConnectionDuration() != null
        || timeout.connectionIdleTimeout() != null
        || (!args.isRoute() && timeout.maxStreamDuration() != null));
    boolean commonOptions = timeouts || (args.circuitBreaker() != null
        && args.circuitBreaker().maxRequestsPerConnection() != null);
    Http1Settings h1 = args.http1();
    boolean http1Options = h1 != null && (h1.enableTrailers() || h1.preserveHeaderCase()
        || h1.http10() != null);
    // A shared cluster hashes by itself; a route's cluster gets the route's hash policy instead.
    var hashing = !args.isRoute() && args.loadBalancer() != null
        ? Routes.hashPolicies(args.loadBalancer().consistentHash()) : java.util.List.<
            io.envoyproxy.envoy.config.route.v3.RouteAction.HashPolicy>of();
    if (!(args.useClientProtocol() || needs.autoHttpConfig() || commonOptions || http1Options
        || needs.http2() || needs.autoSni() || needs.forceHttp1() || !hashing.isEmpty()
        || UpstreamHttpFilters.needed(args))) {
      return;
    }
    HttpProtocolOptions.Builder options = HttpProtocolOptions.newBuilder();
    for (var policy : hashing) {
      NewerEnvoyFields.setMessage(options, "hash_policy", policy);
    }
    if (commonOptions) {
      io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.Builder common =
          io.envoyproxy.envoy.config.core.v3.HttpProtocolOptions.newBuilder();
      if (timeout != null) {
        if (timeout.connectionIdleTimeout() != null) {
          common.setIdleTimeout(timeout.connectionIdleTimeout().toProto());
        }
        if (timeout.maxConnectionDuration() != null) {
          common.setMaxConnectionDuration(timeout.maxConnectionDuration().toProto());
        }
        if (!args.isRoute() && timeout.maxStreamDuration() != null) {
          common.setMaxStreamDuration(timeout.maxStreamDuration().toProto());
        }
      }
      if (args.circuitBreaker() != null && args.circuitBreaker().maxRequestsPerConnection() != null) {
        common.setMaxRequestsPerConnection(
            ProtoValues.uint32(args.circuitBreaker().maxRequestsPerConnection()));
      }
      options.setCommonHttpProtocolOptions(common);
    }
    Http1ProtocolOptions http1 = http1(h1);
    Http2ProtocolOptions http2 = upstreamHttp2(args.http2());
    if (args.useClientProtocol()) {
      options.setUseDownstreamProtocolConfig(HttpProtocolOptions.UseDownstreamHttpConfig.newBuilder()
          .setHttpProtocolOptions(http1).setHttp2ProtocolOptions(http2));
    } else if (needs.forceHttp1()) {
      options.setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
          .setHttpProtocolOptions(http1));
    } else if (needs.http2()) {
      options.setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
          .setHttp2ProtocolOptions(http2));
    } else if (http1Options) {
      options.setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
          .setHttpProtocolOptions(http1));
    } else if (needs.autoHttpConfig()) {
      options.setAutoConfig(HttpProtocolOptions.AutoHttpConfig.newBuilder()
          .setHttpProtocolOptions(http1).setHttp2ProtocolOptions(http2));
    } else {
      options.setExplicitHttpConfig(HttpProtocolOptions.ExplicitHttpConfig.newBuilder()
          .setHttpProtocolOptions(Http1ProtocolOptions.getDefaultInstance()));
    }
    if (args.dynamicResolver()) {
      options.setUpstreamHttpProtocolOptions(UpstreamHttpProtocolOptions.newBuilder()
          .setAutoSni(true).setAutoSanValidation(true));
    } else if (needs.autoSni()) {
      options.setUpstreamHttpProtocolOptions(UpstreamHttpProtocolOptions.newBuilder().setAutoSni(true));
    }
    options.addAllHttpFilters(UpstreamHttpFilters.of(args));
    cluster.putTypedExtensionProtocolOptions(KEY, Any.pack(options.build()));
  }

  /** Upstream HTTP/2 options: the listener's, without the concurrent-stream default. */
  static Http2ProtocolOptions upstreamHttp2(dev.attache.control.ir.Http2Settings opts) {
    Http2ProtocolOptions.Builder out = ConnectionManager.http2(opts).toBuilder();
    if (opts == null || opts.maxConcurrentStreams() == null) {
      out.clearMaxConcurrentStreams();
    }
    return out.build();
  }

  private static Http1ProtocolOptions http1(Http1Settings opts) {
    Http1ProtocolOptions.Builder out = Http1ProtocolOptions.newBuilder();
    if (opts != null) {
      out.setEnableTrailers(opts.enableTrailers());
      Http1ProtocolOptions fromListener = ConnectionManager.http1(opts);
      if (opts.preserveHeaderCase() && fromListener != null) {
        out.setHeaderKeyFormat(fromListener.getHeaderKeyFormat());
      }
      if (opts.http10() != null) {
        out.setAcceptHttp10(true);
        if (opts.http10().defaultHost() != null) {
          out.setDefaultHostForHttp10(opts.http10().defaultHost());
        }
      }
    }
    return out.build();
  }
}
