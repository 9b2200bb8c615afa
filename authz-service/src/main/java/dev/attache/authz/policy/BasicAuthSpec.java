package dev.attache.authz.policy;

import dev.attache.authz.basic.Htpasswd;

/**
 * {@code spec.basicAuth} with its {@code .htpasswd} Secret parsed.
 *
 * @param forwardUsernameHeader null when the user name is not forwarded
 */
public record BasicAuthSpec(Htpasswd users, String forwardUsernameHeader) {}
