package dev.attache.authz.service;

import dev.attache.authz.jwks.JwksRegistry;
import dev.attache.authz.jwks.KeySet;
import dev.attache.authz.jwks.RemoteJwks;
import dev.attache.authz.policy.ApiKeyAuthSpec;
import dev.attache.authz.policy.AuthorizationSpec;
import dev.attache.authz.policy.JwtSpec;
import dev.attache.authz.policy.PolicySet;
import dev.attache.authz.policy.SecurityPolicy;
import dev.attache.server.config.ConfigStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /config_dump} shows: the live version, the last rejected change, and each policy
 * as enforced. Secrets are never part of it: API keys appear as client ids, htpasswd as user
 * names and hash schemes, local JWKS as a key count.
 */
public final class ConfigDump {
  private ConfigDump() {}

  public static Map<String, Object> of(PolicySet set, ConfigStatus status, JwksRegistry jwks) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (status != null) {
      out.put("version", status.liveVersion());
      out.put("liveSince", status.liveSince().toString());
      out.put("files", status.liveFiles().stream().map(Object::toString).toList());
      if (!status.lastError().isEmpty()) {
        out.put("lastError", status.lastError());
      }
    }
    Map<String, Object> policies = new LinkedHashMap<>();
    for (SecurityPolicy p : set.policies().values()) {
      policies.put(p.id().toString(), policy(p));
    }
    out.put("policies", policies);
    List<Object> sources = new ArrayList<>();
    for (Map.Entry<JwksRegistry.Key, RemoteJwks> e : jwks.sources().entrySet()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("jwks", e.getValue().toString());
      KeySet k = e.getValue().current();
      s.put("keys", k == null ? 0 : k.size());
      s.put("fetchedAt", k == null ? "never" : k.loadedAt().toString());
      sources.add(s);
    }
    out.put("remoteJwks", sources);
    return out;
  }

  /** The Gateway API spelling ({@code 300s}, {@code 500ms}) users wrote. */
  static String gatewayDuration(java.time.Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
  }

  private static Map<String, Object> policy(SecurityPolicy p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", p.file().toString());
    if (p.apiKeyAuth() != null) {
      ApiKeyAuthSpec a = p.apiKeyAuth();
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("clients", a.credentials().stream().map(ApiKeyAuthSpec.Credential::clientId).toList());
      x.put("extractFrom", a.extractFrom().stream()
          .map(s -> s.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + ":" + s.name()).toList());
      if (a.forwardClientIdHeader() != null) {
        x.put("forwardClientIDHeader", a.forwardClientIdHeader());
      }
      x.put("sanitize", a.sanitize());
      m.put("apiKeyAuth", x);
    }
    if (p.basicAuth() != null) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("users", p.basicAuth().users().schemes());
      if (p.basicAuth().forwardUsernameHeader() != null) {
        x.put("forwardUsernameHeader", p.basicAuth().forwardUsernameHeader());
      }
      m.put("basicAuth", x);
    }
    if (p.jwt() != null) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("optional", p.jwt().optional());
      x.put("failOpen", p.jwt().failOpen());
      List<Object> providers = new ArrayList<>();
      for (JwtSpec.Provider pr : p.jwt().providers()) {
        Map<String, Object> y = new LinkedHashMap<>();
        y.put("name", pr.name());
        y.put("issuer", pr.issuer());
        y.put("audiences", pr.audiences());
        if (pr.remoteJwks() != null) {
          y.put("remoteJWKS", Map.of("uri", pr.remoteJwks().uri().getScheme() + "://"
                  + pr.remoteJwks().uri().getRawAuthority() + pr.remoteJwks().uri().getRawPath(),
              "cacheDuration", gatewayDuration(pr.remoteJwks().cacheDuration()),
              "failedRefetchDuration", gatewayDuration(pr.remoteJwks().failedRefetchDuration())));
        } else {
          y.put("localJWKS", "inline");
        }
        y.put("claimToHeaders", pr.claimToHeaders().stream().map(c -> c.claim() + " -> " + c.header()).toList());
        y.put("extractFrom", pr.extractFrom() == null ? "default (Authorization: Bearer, access_token)"
            : pr.extractFrom().toString());
        providers.add(y);
      }
      x.put("providers", providers);
      m.put("jwt", x);
    }
    if (p.authorization() != null) {
      AuthorizationSpec a = p.authorization();
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("defaultAction", a.defaultAction().name());
      x.put("rules", a.rules().stream().map(r -> r.name() + ": " + r.action().name()).toList());
      m.put("authorization", x);
    }
    if (!p.notEnforcedHere().isEmpty()) {
      m.put("enforcedByEnvoy", p.notEnforcedHere());
    }
    return m;
  }
}
