package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.Compression;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.compression.brotli.compressor.v3.Brotli;
import io.envoyproxy.envoy.extensions.compression.gzip.compressor.v3.Gzip;
import io.envoyproxy.envoy.extensions.compression.zstd.compressor.v3.Zstd;
import io.envoyproxy.envoy.extensions.filters.http.compressor.v3.Compressor;
import io.envoyproxy.envoy.extensions.filters.http.compressor.v3.CompressorOverrides;
import io.envoyproxy.envoy.extensions.filters.http.compressor.v3.CompressorPerRoute;
import io.envoyproxy.envoy.extensions.filters.http.compressor.v3.ResponseDirectionOverrides;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.util.List;
import java.util.Locale;

/**
 * Response compression: one compressor filter per algorithm
 * ({@code envoy.filters.http.compressor.gzip}, …), off by default, on for the routes that ask.
 */
final class Compressors implements HttpFeature {
  static final String PREFIX = "envoy.filters.http.compressor.";

  private static List<Compression> compression(HttpRoute r) {
    return r.traffic() == null ? List.of() : r.traffic().compression();
  }

  private static String filterName(Compression c) {
    return PREFIX + c.type().toLowerCase(Locale.ROOT);
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    for (HttpRoute route : listener.routes()) {
      for (Compression c : compression(route)) {
        String name = filterName(c);
        if (hcm.getHttpFiltersList().stream().anyMatch(f -> f.getName().equals(name))) {
          continue;
        }
        String library;
        Message config;
        switch (c.type()) {
          case "Brotli" -> {
            library = "envoy.compression.brotli.compressor";
            config = Brotli.getDefaultInstance();
          }
          case "Gzip" -> {
            library = "envoy.compression.gzip.compressor";
            config = Gzip.getDefaultInstance();
          }
          case "Zstd" -> {
            library = "envoy.compression.zstd.compressor";
            config = Zstd.getDefaultInstance();
          }
          default -> throw new IllegalArgumentException("compression type: " + c.type()
              + " (expected: Brotli, Gzip or Zstd)");
        }
        Compressor.Builder compressor = Compressor.newBuilder().setCompressorLibrary(
            TypedExtensionConfig.newBuilder().setName(library).setTypedConfig(Any.pack(config)));
        if (c.chooseFirst()) {
          compressor.setChooseFirst(true);
        }
        if (c.minContentLength() != null) {
          compressor.setResponseDirectionConfig(Compressor.ResponseDirectionConfig.newBuilder()
              .setCommonConfig(Compressor.CommonDirectionConfig.newBuilder()
                  .setMinContentLength(UInt32Value.of(c.minContentLength()))));
        }
        hcm.addHttpFilters(HttpFilter.newBuilder().setName(name).setDisabled(true)
            .setTypedConfig(Any.pack(compressor.build())));
      }
    }
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    List<Compression> all = compression(irRoute);
    if (all.isEmpty()) {
      return;
    }
    Any perRoute = Any.pack(CompressorPerRoute.newBuilder().setOverrides(
        CompressorOverrides.newBuilder().setResponseDirectionConfig(
            ResponseDirectionOverrides.getDefaultInstance())).build());
    for (Compression c : all) {
      route.putTypedPerFilterConfig(filterName(c), perRoute);
    }
    // Upstreams must not compress what Envoy will compress.
    if (!route.getRequestHeadersToRemoveList().contains("accept-encoding")) {
      route.addRequestHeadersToRemove("accept-encoding");
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {}
}
