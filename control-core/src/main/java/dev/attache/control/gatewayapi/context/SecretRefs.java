package dev.attache.control.gatewayapi.context;

import dev.attache.control.resource.core.ConfigMap;
import dev.attache.control.resource.core.Secret;
import dev.attache.control.resource.gatewayapi.SecretObjectReference;

/**
 * Resolves a reference to a Secret (or ConfigMap) from a policy or filter, as Envoy Gateway's
 * {@code validateSecretRef}: core group only, kind Secret (or ConfigMap), another namespace
 * only when allowed and granted, and the object must exist. Failures throw
 * {@link IllegalArgumentException} with upstream's message.
 */
public final class SecretRefs {
  private SecretRefs() {}

  public static Secret resolve(TranslationContext ctx, boolean allowCrossNamespace, String fromGroup, String fromKind,
      String fromNamespace, SecretObjectReference ref) {
    check(ctx, allowCrossNamespace, fromGroup, fromKind, fromNamespace, ref);
    String ns = ref.namespace() == null ? fromNamespace : ref.namespace();
    Secret secret = ctx.index.secret(ns, ref.name());
    if (secret == null) {
      throw new IllegalArgumentException("secret " + ns + "/" + ref.name() + " does not exist");
    }
    return secret;
  }

  public static ConfigMap resolveConfigMap(TranslationContext ctx, boolean allowCrossNamespace, String fromGroup,
      String fromKind, String fromNamespace, SecretObjectReference ref) {
    check(ctx, allowCrossNamespace, fromGroup, fromKind, fromNamespace, ref);
    String ns = ref.namespace() == null ? fromNamespace : ref.namespace();
    ConfigMap cm = ctx.index.configMap(ns, ref.name());
    if (cm == null) {
      throw new IllegalArgumentException("configmap " + ns + "/" + ref.name() + " does not exist");
    }
    return cm;
  }

  private static void check(TranslationContext ctx, boolean allowCrossNamespace, String fromGroup, String fromKind,
      String fromNamespace, SecretObjectReference ref) {
    if (ref == null) {
      throw new IllegalArgumentException("secret ref is missing");
    }
    if (ref.group() != null && !ref.group().isEmpty()) {
      throw new IllegalArgumentException("secret ref group must be unspecified/empty");
    }
    String kind;
    if (ref.kind() == null || ref.kind().equals("Secret")) {
      kind = "Secret";
    } else if (ref.kind().equals("ConfigMap")) {
      kind = "ConfigMap";
    } else {
      throw new IllegalArgumentException("secret ref kind must be Secret");
    }
    if (ref.namespace() != null && !ref.namespace().isEmpty() && !ref.namespace().equals(fromNamespace)) {
      if (!allowCrossNamespace) {
        throw new IllegalArgumentException("secret ref namespace must be unspecified/empty or " + fromNamespace);
      }
      if (!ctx.referenceGrants.permitted(fromGroup, fromKind, fromNamespace, "", kind, ref.namespace(), ref.name())) {
        throw new IllegalArgumentException("ref to " + kind + " " + ref.namespace() + "/" + ref.name()
            + " not permitted by any ReferenceGrant");
      }
    }
  }
}
