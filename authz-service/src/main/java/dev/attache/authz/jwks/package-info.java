/** JSON Web Key Sets: inline keys, and remote endpoints fetched and refreshed in the background. */
package dev.attache.authz.jwks;
