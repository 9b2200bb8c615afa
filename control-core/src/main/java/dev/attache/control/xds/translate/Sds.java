package dev.attache.control.xds.translate;

import dev.attache.control.ir.SdsConfig;
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

  static SdsSecretConfig secretConfig(SdsConfig sds) {
    return SdsSecretConfig.newBuilder().setName(sds.secretName())
        .setSdsConfig(ConfigSource.newBuilder().setApiConfigSource(ApiConfigSource.newBuilder()
            .setApiType(ApiConfigSource.ApiType.GRPC)
            .addGrpcServices(GrpcService.newBuilder().setEnvoyGrpc(
                GrpcService.EnvoyGrpc.newBuilder().setClusterName(clusterName(url(sds)))))))
        .build();
  }
}
