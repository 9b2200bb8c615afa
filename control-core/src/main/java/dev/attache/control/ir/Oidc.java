package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.attache.control.resource.meta.GoDuration;
import java.util.List;

/** OpenID Connect login of a route (Envoy's OAuth2 filter): provider, client and cookies. */
public record Oidc(
    @JsonProperty("name") String name,
    @JsonProperty("provider") OidcProvider provider,
    @JsonProperty("clientID") String clientID,
    @JsonProperty("clientSecret") @JsonSerialize(using = Bytes.Redacting.class) Bytes clientSecret,
    @JsonProperty("hmacSecret") @JsonSerialize(using = Bytes.Redacting.class) Bytes hmacSecret,
    @JsonProperty("scopes") List<String> scopes,
    @JsonProperty("resources") List<String> resources,
    @JsonProperty("redirectURL") String redirectURL,
    @JsonProperty("redirectPath") String redirectPath,
    @JsonProperty("logoutPath") String logoutPath,
    @JsonProperty("forwardAccessToken") boolean forwardAccessToken,
    @JsonProperty("forwardIDTokenHeader") String forwardIDTokenHeader,
    @JsonProperty("defaultTokenTTL") GoDuration defaultTokenTTL,
    @JsonProperty("refreshToken") boolean refreshToken,
    @JsonProperty("defaultRefreshTokenTTL") GoDuration defaultRefreshTokenTTL,
    @JsonProperty("csrfTokenTTL") GoDuration csrfTokenTTL,
    @JsonProperty("cookieSuffix") String cookieSuffix,
    @JsonProperty("cookieNameOverrides") OidcCookieNames cookieNameOverrides,
    @JsonProperty("cookieDomain") String cookieDomain,
    @JsonProperty("cookieConfig") OidcCookieConfig cookieConfig,
    @JsonProperty("passThroughAuthHeader") boolean passThroughAuthHeader,
    @JsonProperty("disableTokenEncryption") boolean disableTokenEncryption,
    @JsonProperty("denyRedirect") OidcDenyRedirect denyRedirect) {
  public Oidc {
    name = name == null ? "" : name;
    clientID = clientID == null ? "" : clientID;
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
    resources = resources == null ? List.of() : List.copyOf(resources);
    redirectURL = redirectURL == null ? "" : redirectURL;
    redirectPath = redirectPath == null ? "" : redirectPath;
    logoutPath = logoutPath == null ? "" : logoutPath;
    cookieSuffix = cookieSuffix == null ? "" : cookieSuffix;
  }
}
