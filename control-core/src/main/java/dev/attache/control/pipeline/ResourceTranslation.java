package dev.attache.control.pipeline;

import dev.attache.control.resource.ResourceSet;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.ratelimit.api.v3.RateLimitConfig;
import java.util.List;
import java.util.Map;

/**
 * Turns a resource snapshot into Envoy resources per gateway key: the Gateway API and xDS
 * translators together. {@code serve} runs whatever is wired here; until the translators are,
 * {@link #NONE} publishes nothing and says so.
 */
public interface ResourceTranslation {
  /** Envoy resources per gateway key ({@code <namespace>/<name>}). */
  Map<String, XdsResources> translate(ResourceSet resources);

  /**
   * The status the last translation gave each object it judged (GatewayClasses, Gateways,
   * routes, policies, Backends): {@code kind}, {@code namespace}, {@code name}, {@code status}.
   * Never Secret contents: objects without a status are left out.
   */
  default List<Map<String, Object>> statuses() {
    return List.of();
  }

  /**
   * Per gateway key, the rate-limit service's configs (one per domain) of the last translation,
   * keeping a failed class's last good ones; what the companion rate-limit xDS server publishes.
   */
  default Map<String, List<RateLimitConfig>> rateLimitConfigs() {
    return Map.of();
  }

  /**
   * Per gateway key, the policies authz-service enforces for the last translation (Secrets
   * resolved, credentials hashed), keeping a failed class's last good ones; what the companion
   * authz policy xDS server publishes.
   */
  default Map<String, List<AuthzPolicy>> authzPolicies() {
    return Map.of();
  }

  /** Whether this build translates at all. */
  default boolean available() {
    return true;
  }

  /** No translator in this build: nothing is published. */
  ResourceTranslation NONE = new ResourceTranslation() {
    @Override
    public Map<String, XdsResources> translate(ResourceSet resources) {
      return Map.of();
    }

    @Override
    public boolean available() {
      return false;
    }
  };
}
