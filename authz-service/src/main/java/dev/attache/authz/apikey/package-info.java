/** API key authentication (Envoy's api_key_auth), with keys held only as SHA-256 digests. */
package dev.attache.authz.apikey;
