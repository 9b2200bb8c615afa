package dev.attache.control.xds.translate;

import dev.attache.control.ir.SdsConfig;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.Http2ProtocolOptions;
import io.envoyproxy.envoy.config.core.v3.Pipe;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LbEndpoint;
import io.envoyproxy.envoy.config.endpoint.v3.LocalityLbEndpoints;
import java.util.List;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Secrets served by an external SDS server (a Unix socket), reached through its own cluster. */
final class Sds {
  private static final int MAX_READABLE_PREFIX = 48;

  private Sds() {}

  static String url(SdsConfig sds) {
    return sds.scheme() == null || sds.scheme().isEmpty()
        ? sds.address() : sds.scheme() + "://" + sds.address();
  }

  /** {@code sds_<readable address>_<sha256 prefix>}, as Envoy Gateway names SDS clusters. */
  static String clusterName(String url) {
    String address = url.startsWith("unix://") ? url.substring("unix://".length()) : url;
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(address.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String suffix = HexFormat.of().formatHex(hash, 0, 16);
    String readable = trim(address.replace('/', '_'), '_');
    if (readable.codePointCount(0, readable.length()) > MAX_READABLE_PREFIX) {
      readable = readable.substring(0, readable.offsetByCodePoints(0, MAX_READABLE_PREFIX));
    }
    return readable.isEmpty() ? "sds_" + suffix : "sds_" + readable + "_" + suffix;
  }

  private static String trim(String s, char c) {
    int start = 0;
    int end = s.length();
    while (start < end && s.charAt(start) == c) {
      start++;
    }
    while (end > start && s.charAt(end - 1) == c) {
      end--;
    }
    return s.substring(start, end);
  }

  /** One static cluster per SDS server the IR refers to, in URL order. */
  static void addClusters(ResourceTable table, dev.attache.control.ir.Xds ir) {
    java.util.TreeSet<String> urls = new java.util.TreeSet<>();
    java.util.function.Consumer<dev.attache.control.ir.TlsCertificate> cert = c -> {
      if (c.sds() != null && !url(c.sds()).isEmpty()) {
        urls.add(url(c.sds()));
      }
    };
    java.util.function.Consumer<List<dev.attache.control.ir.DestinationSetting>> backends = ds -> {
      for (var d : ds) {
        if (d == null || d.tls() == null) {
          continue;
        }
        var ca = d.tls().caCertificate();
        if (ca != null && ca.sds() != null && !url(ca.sds()).isEmpty()) {
          urls.add(url(ca.sds()));
        }
        d.tls().clientCertificates().forEach(cert);
      }
    };
    ir.backendClusters().forEach(bc -> backends.accept(
        bc.setting() == null ? List.of() : List.of(bc.setting())));
    for (var l : ir.http()) {
      if (l.tls() != null) {
        l.tls().certificates().forEach(cert);
      }
      l.routes().stream().filter(r -> r.destination() != null)
          .forEach(r -> backends.accept(r.destination().settings()));
    }
    for (var l : ir.tcp()) {
      for (var r : l.routes()) {
        if (r.tls() != null && r.tls().terminate() != null) {
          r.tls().terminate().certificates().forEach(cert);
        }
        if (r.destination() != null) {
          backends.accept(r.destination().settings());
        }
      }
    }
    for (String url : urls) {
      String name = clusterName(url);
      if (table.hasCluster(name)) {
        continue;
      }
      String pipe = url.startsWith("unix://") ? url.substring("unix://".length()) : url;
      table.addCluster(Cluster.newBuilder().setName(name).setType(Cluster.DiscoveryType.STATIC)
          .setLoadAssignment(ClusterLoadAssignment.newBuilder().setClusterName(name)
              .addEndpoints(LocalityLbEndpoints.newBuilder().addLbEndpoints(LbEndpoint.newBuilder()
                  .setEndpoint(Endpoint.newBuilder().setAddress(Address.newBuilder()
                      .setPipe(Pipe.newBuilder().setPath(pipe)))))))
          .setConnectTimeout(com.google.protobuf.Duration.newBuilder().setSeconds(10))
          .setHttp2ProtocolOptions(Http2ProtocolOptions.getDefaultInstance())
          .build());
    }
  }

  static SdsSecretConfig secretConfig(SdsConfig sds) {
    return SdsSecretConfig.newBuilder().setName(sds.secretName())
        .setSdsConfig(ConfigSource.newBuilder().setApiConfigSource(ApiConfigSource.newBuilder()
            .setApiType(ApiConfigSource.ApiType.GRPC)
            .addGrpcServices(GrpcService.newBuilder().setEnvoyGrpc(
                GrpcService.EnvoyGrpc.newBuilder().setClusterName(clusterName(url(sds)))))))
        .build();
  }
}
