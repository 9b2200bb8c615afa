package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.context.SecretRefs;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.tls.ServingCertificates;
import dev.attache.control.gatewayapi.traffic.PolicyException;
import dev.attache.control.resource.gatewayapi.SecretObjectReference;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The data under a key of a Secret, ConfigMap or ClusterTrustBundle a policy references (a CA
 * bundle, a revocation list), as Envoy Gateway's {@code validateAndGetDataAtKeyInRef}: the key
 * itself, or the only entry when the object has just one.
 */
final class RefData {
  private static final String GROUP = "gateway.envoyproxy.io";

  private RefData() {}

  /** The bytes under {@code key} in the object {@code ref} names, referenced from a {@code fromKind} in {@code namespace}. */
  static byte[] at(TranslationContext ctx, String fromKind, String namespace, SecretObjectReference ref, String key)
      throws PolicyException {
    String kind = ref.kind() == null ? "Secret" : ref.kind();
    try {
      switch (kind) {
        case "Secret" -> {
          var secret = SecretRefs.resolve(ctx, true, GROUP, fromKind, namespace, ref);
          Map<String, String> decoded = new HashMap<>();
          if (secret.data() != null) {
            for (String k : secret.data().keySet()) {
              decoded.put(k, new String(ServingCertificates.data(secret, k), StandardCharsets.ISO_8859_1));
            }
          }
          String value = firstOf(decoded, key);
          if (value == null || value.isEmpty()) {
            throw new PolicyException("ref secret [" + ref.name() + "] has none of the expected keys [" + key
                + "] and more than one entry");
          }
          return value.getBytes(StandardCharsets.ISO_8859_1);
        }
        case "ConfigMap" -> {
          var cm = SecretRefs.resolveConfigMap(ctx, true, GROUP, fromKind, namespace, ref);
          String value = firstOf(cm.data(), key);
          if (value == null || value.isEmpty()) {
            throw new PolicyException("ref configmap [" + ref.name() + "] has none of the expected keys [" + key
                + "] and more than one entry");
          }
          return value.getBytes(StandardCharsets.UTF_8);
        }
        case "ClusterTrustBundle" -> {
          var ctb = ctx.index.clusterTrustBundle(ref.name());
          if (ctb == null) {
            throw new PolicyException("ref ClusterTrustBundle [" + ref.name() + "] not found");
          }
          return ctb.spec().trustBundle().getBytes(StandardCharsets.UTF_8);
        }
        default -> throw new PolicyException("unsupported ref kind:" + kind);
      }
    } catch (IllegalArgumentException e) {
      throw new PolicyException(e.getMessage());
    }
  }

  private static String firstOf(Map<String, String> data, String key) {
    if (data == null) {
      return null;
    }
    if (data.containsKey(key)) {
      return data.get(key);
    }
    return data.size() == 1 ? data.values().iterator().next() : null;
  }
}
