package dev.attache.authz.policy;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * One {@code gateway.envoyproxy.io/v1alpha1} SecurityPolicy as authz-service enforces it, with the
 * Secrets and ConfigMaps it references already resolved. A section is {@code null} when the policy
 * does not configure it.
 *
 * @param notEnforcedHere spec sections that are valid but enforced by Envoy itself (cors, csrf,
 *     oidc, extAuth), listed so the config dump can say so
 */
public record SecurityPolicy(
    PolicyId id,
    Path file,
    JwtSpec jwt,
    ApiKeyAuthSpec apiKeyAuth,
    BasicAuthSpec basicAuth,
    AuthorizationSpec authorization,
    List<String> notEnforcedHere) {
  public SecurityPolicy {
    requireNonNull(id, "id");
    requireNonNull(file, "file");
    notEnforcedHere = List.copyOf(notEnforcedHere);
  }
}
