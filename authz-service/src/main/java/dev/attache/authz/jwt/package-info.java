/** JWT verification as Envoy's jwt_authn does it: extraction, parsing under limits, claims, signatures, the verified-token cache. */
package dev.attache.authz.jwt;
