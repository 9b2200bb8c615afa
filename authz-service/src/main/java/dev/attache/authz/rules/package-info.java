/** Authorization rules (Envoy Gateway's RBAC matcher): CIDRs, JWT claims and scopes, headers, methods, paths. */
package dev.attache.authz.rules;
