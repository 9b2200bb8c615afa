package dev.attache.control.gatewayapi.oidc;

/**
 * The endpoints an OpenID provider's discovery document names ({@code token_endpoint},
 * {@code authorization_endpoint}, {@code end_session_endpoint}).
 *
 * @param endSessionEndpoint null when the provider names none
 */
public record OpenIdConfiguration(String tokenEndpoint, String authorizationEndpoint, String endSessionEndpoint) {}
