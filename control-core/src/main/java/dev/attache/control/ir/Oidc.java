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

  /** A builder with every setting absent (null, empty or false). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds an {@link Oidc} by name; settings not given are absent (null, empty or false). */
  public static final class Builder {
    private String name;
    private OidcProvider provider;
    private String clientID;
    private Bytes clientSecret;
    private Bytes hmacSecret;
    private List<String> scopes;
    private List<String> resources;
    private String redirectURL;
    private String redirectPath;
    private String logoutPath;
    private boolean forwardAccessToken;
    private String forwardIDTokenHeader;
    private GoDuration defaultTokenTTL;
    private boolean refreshToken;
    private GoDuration defaultRefreshTokenTTL;
    private GoDuration csrfTokenTTL;
    private String cookieSuffix;
    private OidcCookieNames cookieNameOverrides;
    private String cookieDomain;
    private OidcCookieConfig cookieConfig;
    private boolean passThroughAuthHeader;
    private boolean disableTokenEncryption;
    private OidcDenyRedirect denyRedirect;

    private Builder() {
    }

    public Builder name(String v) {
      name = v;
      return this;
    }

    public Builder provider(OidcProvider v) {
      provider = v;
      return this;
    }

    public Builder clientID(String v) {
      clientID = v;
      return this;
    }

    public Builder clientSecret(Bytes v) {
      clientSecret = v;
      return this;
    }

    public Builder hmacSecret(Bytes v) {
      hmacSecret = v;
      return this;
    }

    public Builder scopes(List<String> v) {
      scopes = v;
      return this;
    }

    public Builder resources(List<String> v) {
      resources = v;
      return this;
    }

    public Builder redirectURL(String v) {
      redirectURL = v;
      return this;
    }

    public Builder redirectPath(String v) {
      redirectPath = v;
      return this;
    }

    public Builder logoutPath(String v) {
      logoutPath = v;
      return this;
    }

    public Builder forwardAccessToken(boolean v) {
      forwardAccessToken = v;
      return this;
    }

    public Builder forwardIDTokenHeader(String v) {
      forwardIDTokenHeader = v;
      return this;
    }

    public Builder defaultTokenTTL(GoDuration v) {
      defaultTokenTTL = v;
      return this;
    }

    public Builder refreshToken(boolean v) {
      refreshToken = v;
      return this;
    }

    public Builder defaultRefreshTokenTTL(GoDuration v) {
      defaultRefreshTokenTTL = v;
      return this;
    }

    public Builder csrfTokenTTL(GoDuration v) {
      csrfTokenTTL = v;
      return this;
    }

    public Builder cookieSuffix(String v) {
      cookieSuffix = v;
      return this;
    }

    public Builder cookieNameOverrides(OidcCookieNames v) {
      cookieNameOverrides = v;
      return this;
    }

    public Builder cookieDomain(String v) {
      cookieDomain = v;
      return this;
    }

    public Builder cookieConfig(OidcCookieConfig v) {
      cookieConfig = v;
      return this;
    }

    public Builder passThroughAuthHeader(boolean v) {
      passThroughAuthHeader = v;
      return this;
    }

    public Builder disableTokenEncryption(boolean v) {
      disableTokenEncryption = v;
      return this;
    }

    public Builder denyRedirect(OidcDenyRedirect v) {
      denyRedirect = v;
      return this;
    }

    public Oidc build() {
      return new Oidc(name, provider, clientID, clientSecret, hmacSecret, scopes, resources, redirectURL, redirectPath, logoutPath, forwardAccessToken, forwardIDTokenHeader, defaultTokenTTL, refreshToken, defaultRefreshTokenTTL, csrfTokenTTL, cookieSuffix, cookieNameOverrides, cookieDomain, cookieConfig, passThroughAuthHeader, disableTokenEncryption, denyRedirect);
    }
  }
}
