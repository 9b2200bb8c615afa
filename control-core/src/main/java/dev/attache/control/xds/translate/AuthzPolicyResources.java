package dev.attache.control.xds.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Duration;
import com.google.protobuf.ByteString;
import dev.attache.authz.api.v1.Action;
import dev.attache.authz.api.v1.ApiKeyAuth;
import dev.attache.authz.api.v1.ApiKeyCredential;
import dev.attache.authz.api.v1.Authorization;
import dev.attache.authz.api.v1.AuthorizationRule;
import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.authz.api.v1.BasicAuth;
import dev.attache.authz.api.v1.ClaimMatch;
import dev.attache.authz.api.v1.ClaimToHeader;
import dev.attache.authz.api.v1.HeaderMatch;
import dev.attache.authz.api.v1.HeaderSource;
import dev.attache.authz.api.v1.Jwt;
import dev.attache.authz.api.v1.JwtPrincipal;
import dev.attache.authz.api.v1.JwtProvider;
import dev.attache.authz.api.v1.KeySource;
import dev.attache.authz.api.v1.Operation;
import dev.attache.authz.api.v1.PathMatch;
import dev.attache.authz.api.v1.Principal;
import dev.attache.authz.api.v1.RemoteJwks;
import dev.attache.authz.api.v1.TokenSources;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.ir.Xds;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.core.ConfigMap;
import dev.attache.control.resource.core.Secret;
import dev.attache.control.resource.envoygateway.SecurityPolicy;
import dev.attache.control.resource.meta.GoDuration;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's SecurityPolicies as authz-service's xDS resources ({@code attache.authz.v1.AuthzPolicy}):
 * one per policy a guarded route names in its ext_authz context ({@code attache.io/policy}), with
 * the Secrets and ConfigMaps it references resolved. API keys leave as SHA-256 digests (the form
 * authz-service compares in constant time, and the {@code sha256:<hex>} form a Secret may already
 * hold) and basic-auth users as the htpasswd hashes the Secret holds, so no plaintext credential is
 * published. Only the parts authz-service enforces are carried.
 *
 * <p>A policy merged with its parent's ({@code mergeType}) is published with its own sections only:
 * the route names the child policy, and the parent's sections it inherits are not yet carried.
 */
public final class AuthzPolicyResources {
  private static final Logger log = LoggerFactory.getLogger(AuthzPolicyResources.class);
  private static final Pattern SHA256_VALUE = Pattern.compile("sha256:[0-9a-fA-F]{64}");

  private AuthzPolicyResources() {}

  /** The policies the guarded routes of {@code ir} name, sorted by namespace/name; empty when none. */
  public static List<AuthzPolicy> of(Xds ir, ResourceSet judged) {
    Set<String> keys = new TreeSet<>();
    for (HttpListener l : ir.http()) {
      for (HttpRoute r : l.routes()) {
        if (AuthzService.guarded(r)) {
          AuthzService.policy(r).ifPresent(keys::add);
        }
      }
    }
    if (keys.isEmpty() || judged == null) {
      return List.of();
    }
    Map<String, SecurityPolicy> byKey = new TreeMap<>();
    for (SecurityPolicy p : judged.securityPolicies()) {
      byKey.put(p.namespace() + "/" + p.name(), p);
    }
    List<AuthzPolicy> out = new ArrayList<>();
    for (String key : keys) {
      SecurityPolicy p = byKey.get(key);
      if (p == null) {
        log.warn("authz policy xDS: routes name SecurityPolicy {}, which is not among the translated objects", key);
        continue;
      }
      try {
        out.add(policy(p, judged));
      } catch (IllegalArgumentException e) {
        // The message names the object and field, never a Secret's value.
        log.warn("authz policy xDS: SecurityPolicy {} is not published: {}", key, e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  private static AuthzPolicy policy(SecurityPolicy p, ResourceSet judged) {
    JsonNode spec = IrWriter.toTree(p.spec());
    AuthzPolicy.Builder out = AuthzPolicy.newBuilder().setNamespace(p.namespace()).setName(p.name());
    if (spec.hasNonNull("jwt")) {
      out.setJwt(jwt(spec.get("jwt"), p.namespace(), judged));
    }
    if (spec.hasNonNull("apiKeyAuth")) {
      out.setApiKeyAuth(apiKeyAuth(spec.get("apiKeyAuth"), p.namespace(), judged));
    }
    if (spec.hasNonNull("basicAuth")) {
      out.setBasicAuth(basicAuth(spec.get("basicAuth"), p.namespace(), judged));
    }
    if (spec.hasNonNull("authorization")) {
      out.setAuthorization(authorization(spec.get("authorization")));
    }
    return out.build();
  }

  // ---- jwt

  private static Jwt jwt(JsonNode jwt, String namespace, ResourceSet judged) {
    Jwt.Builder out = Jwt.newBuilder().setOptional(jwt.path("optional").asBoolean(false))
        .setFailOpen(jwt.path("failOpen").asBoolean(false));
    for (JsonNode p : jwt.path("providers")) {
      JwtProvider.Builder b = JwtProvider.newBuilder().setName(p.path("name").asText())
          .setIssuer(p.path("issuer").asText(""));
      p.path("audiences").forEach(a -> b.addAudiences(a.asText()));
      if (p.hasNonNull("remoteJWKS")) {
        JsonNode r = p.get("remoteJWKS");
        RemoteJwks.Builder rb = RemoteJwks.newBuilder().setUri(r.path("uri").asText());
        if (r.hasNonNull("cacheDuration")) {
          rb.setCacheDuration(duration(r.get("cacheDuration").asText(), "spec.jwt.providers.remoteJWKS.cacheDuration"));
        }
        if (r.hasNonNull("failedRefetchDuration")) {
          rb.setFailedRefetchDuration(duration(r.get("failedRefetchDuration").asText(),
              "spec.jwt.providers.remoteJWKS.failedRefetchDuration"));
        }
        b.setRemoteJwks(rb);
      } else if (p.hasNonNull("localJWKS")) {
        b.setLocalJwks(localJwks(p.get("localJWKS"), namespace, judged));
      }
      for (JsonNode c : p.path("claimToHeaders")) {
        b.addClaimToHeaders(ClaimToHeader.newBuilder().setHeader(c.path("header").asText())
            .setClaim(c.path("claim").asText()));
      }
      if (p.hasNonNull("extractFrom")) {
        JsonNode e = p.get("extractFrom");
        TokenSources.Builder t = TokenSources.newBuilder();
        for (JsonNode h : e.path("headers")) {
          t.addHeaders(HeaderSource.newBuilder().setName(h.path("name").asText())
              .setValuePrefix(h.path("valuePrefix").asText("")));
        }
        e.path("cookies").forEach(c -> t.addCookies(c.asText()));
        e.path("params").forEach(c -> t.addParams(c.asText()));
        b.setExtractFrom(t);
      }
      out.addProviders(b);
    }
    return out.build();
  }

  private static String localJwks(JsonNode l, String namespace, ResourceSet judged) {
    if (!"ValueRef".equals(l.path("type").asText("Inline"))) {
      return l.path("inline").asText("");
    }
    String name = l.path("valueRef").path("name").asText();
    for (ConfigMap cm : judged.configMaps()) {
      if (namespace.equals(cm.namespace()) && name.equals(cm.name()) && cm.data() != null && !cm.data().isEmpty()) {
        return cm.data().containsKey("jwks") ? cm.data().get("jwks") : cm.data().values().iterator().next();
      }
    }
    throw new IllegalArgumentException("spec.jwt.providers.localJWKS.valueRef: ConfigMap " + namespace + "/" + name
        + " not found");
  }

  private static Duration duration(String text, String field) {
    GoDuration d = GoDuration.tryParse(text).orElseThrow(() -> new IllegalArgumentException(field + ": " + text
        + " (expected: a duration such as 300s)"));
    long nanos = d.nanos();
    return Duration.newBuilder().setSeconds(nanos / 1_000_000_000L).setNanos((int) (nanos % 1_000_000_000L)).build();
  }

  // ---- apiKeyAuth

  private static ApiKeyAuth apiKeyAuth(JsonNode a, String namespace, ResourceSet judged) {
    ApiKeyAuth.Builder out = ApiKeyAuth.newBuilder();
    Set<String> clients = new LinkedHashSet<>();
    for (JsonNode ref : a.path("credentialRefs")) {
      Secret secret = secret(ref, namespace, judged, "spec.apiKeyAuth.credentialRefs");
      Set<String> names = new TreeSet<>();
      if (secret.data() != null) {
        names.addAll(secret.data().keySet());
      }
      if (secret.stringData() != null) {
        names.addAll(secret.stringData().keySet());
      }
      // Sorted as Envoy Gateway does; the first Secret that names a client wins.
      for (String client : names) {
        if (!clients.add(client)) {
          continue;
        }
        byte[] key = data(secret, client);
        if (key.length == 0) {
          throw new IllegalArgumentException("spec.apiKeyAuth.credentialRefs: Secret " + secret.namespace() + "/"
              + secret.name() + " key " + client + ": empty API key");
        }
        out.addCredentials(ApiKeyCredential.newBuilder().setClientId(client)
            .setKeySha256(ByteString.copyFrom(keyDigest(key))));
      }
    }
    for (JsonNode e : a.path("extractFrom")) {
      e.path("headers").forEach(h -> out.addExtractFrom(KeySource.newBuilder()
          .setHeader(h.asText().toLowerCase(Locale.ROOT))));
      e.path("params").forEach(h -> out.addExtractFrom(KeySource.newBuilder().setParam(h.asText())));
      e.path("cookies").forEach(h -> out.addExtractFrom(KeySource.newBuilder().setCookie(h.asText())));
    }
    out.setForwardClientIdHeader(a.path("forwardClientIDHeader").asText("").toLowerCase(Locale.ROOT));
    out.setSanitize(a.path("sanitize").asBoolean(false));
    return out.build();
  }

  /** SHA-256 of the key; a value {@code sha256:<hex>} already is the digest (envoyproxy/gateway#8833). */
  static byte[] keyDigest(byte[] key) {
    String text = new String(key, StandardCharsets.UTF_8);
    if (SHA256_VALUE.matcher(text).matches()) {
      return HexFormat.of().parseHex(text.substring(7).toLowerCase(Locale.ROOT));
    }
    try {
      return MessageDigest.getInstance("SHA-256").digest(key);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- basicAuth

  private static BasicAuth basicAuth(JsonNode b, String namespace, ResourceSet judged) {
    Secret secret = secret(b.path("users"), namespace, judged, "spec.basicAuth.users");
    byte[] users = data(secret, ".htpasswd");
    if (users.length == 0) {
      throw new IllegalArgumentException("spec.basicAuth.users: Secret " + secret.namespace() + "/" + secret.name()
          + " must contain a non-empty \".htpasswd\" key");
    }
    return BasicAuth.newBuilder().setHtpasswd(new String(users, StandardCharsets.UTF_8))
        .setForwardUsernameHeader(b.path("forwardUsernameHeader").asText("").toLowerCase(Locale.ROOT)).build();
  }

  private static Secret secret(JsonNode ref, String policyNamespace, ResourceSet judged, String field) {
    String name = ref.path("name").asText();
    String namespace = ref.path("namespace").asText("");
    String ns = namespace.isEmpty() ? policyNamespace : namespace;
    for (Secret s : judged.secrets()) {
      if (ns.equals(s.namespace()) && name.equals(s.name())) {
        return s;
      }
    }
    throw new IllegalArgumentException(field + ": Secret " + ns + "/" + name + " not found");
  }

  /** A Secret's value under {@code key} ({@code data} is base64, {@code stringData} plain), empty when absent. */
  private static byte[] data(Secret secret, String key) {
    String value = secret.data() == null ? null : secret.data().get(key);
    if (value == null) {
      String plain = secret.stringData() == null ? null : secret.stringData().get(key);
      return plain == null ? new byte[0] : plain.getBytes(StandardCharsets.UTF_8);
    }
    try {
      return java.util.Base64.getMimeDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  // ---- authorization

  private static Authorization authorization(JsonNode a) {
    Authorization.Builder out = Authorization.newBuilder()
        .setDefaultAction(action(a.path("defaultAction").asText("Deny")));
    int index = 0;
    for (JsonNode r : a.path("rules")) {
      // Dropping a condition would change decisions: such a policy is not published (its routes fail closed).
      if (r.hasNonNull("cel")) {
        throw new IllegalArgumentException("spec.authorization.rules[" + index + "].cel: CEL expressions are not"
            + " supported by authz-service");
      }
      if (r.path("principal").hasNonNull("clientIPGeoLocations")) {
        throw new IllegalArgumentException("spec.authorization.rules[" + index + "].principal.clientIPGeoLocations:"
            + " GeoIP matching is not supported by authz-service");
      }
      index++;
      AuthorizationRule.Builder rule = AuthorizationRule.newBuilder().setName(r.path("name").asText(""))
          .setAction(action(r.path("action").asText()));
      if (r.hasNonNull("operation")) {
        JsonNode op = r.get("operation");
        Operation.Builder o = Operation.newBuilder();
        op.path("methods").forEach(m -> o.addMethods(m.asText()));
        if (op.hasNonNull("path")) {
          JsonNode path = op.get("path");
          o.setPath(PathMatch.newBuilder().setType(switch (path.path("type").asText("PathPrefix")) {
            case "Exact" -> PathMatch.Type.EXACT;
            case "RegularExpression" -> PathMatch.Type.REGULAR_EXPRESSION;
            default -> PathMatch.Type.PATH_PREFIX;
          }).setValue(path.path("value").asText("/")).setInvert(path.path("invert").asBoolean(false)));
        }
        rule.setOperation(o);
      }
      if (r.hasNonNull("principal")) {
        JsonNode p = r.get("principal");
        Principal.Builder pb = Principal.newBuilder();
        p.path("clientCIDRs").forEach(c -> pb.addClientCidrs(c.asText()));
        if (p.hasNonNull("jwt")) {
          JsonNode j = p.get("jwt");
          JwtPrincipal.Builder jb = JwtPrincipal.newBuilder().setProvider(j.path("provider").asText());
          for (JsonNode c : j.path("claims")) {
            ClaimMatch.Builder cb = ClaimMatch.newBuilder().setName(c.path("name").asText())
                .setValueType("StringArray".equals(c.path("valueType").asText()) ? ClaimMatch.ValueType.STRING_ARRAY
                    : ClaimMatch.ValueType.STRING);
            c.path("values").forEach(v -> cb.addValues(v.asText()));
            jb.addClaims(cb);
          }
          j.path("scopes").forEach(s -> jb.addScopes(s.asText()));
          pb.setJwt(jb);
        }
        for (JsonNode h : p.path("headers")) {
          HeaderMatch.Builder hb = HeaderMatch.newBuilder().setName(h.path("name").asText().toLowerCase(Locale.ROOT));
          h.path("values").forEach(v -> hb.addValues(v.asText()));
          pb.addHeaders(hb);
        }
        rule.setPrincipal(pb);
      }
      out.addRules(rule);
    }
    return out.build();
  }

  private static Action action(String a) {
    return "Allow".equals(a) ? Action.ALLOW : Action.DENY;
  }
}
