package dev.attache.control.xds.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.DynamicMessage;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.Oidc;
import dev.attache.control.ir.OidcDenyRedirectHeader;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.HttpUri;
import io.envoyproxy.envoy.config.route.v3.HeaderMatcher;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.oauth2.v3.CookieConfig;
import io.envoyproxy.envoy.extensions.filters.http.oauth2.v3.CookieConfigs;
import io.envoyproxy.envoy.extensions.filters.http.oauth2.v3.OAuth2;
import io.envoyproxy.envoy.extensions.filters.http.oauth2.v3.OAuth2Config;
import io.envoyproxy.envoy.extensions.filters.http.oauth2.v3.OAuth2Credentials;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.GenericSecret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.type.matcher.v3.PathMatcher;
import io.envoyproxy.envoy.type.matcher.v3.StringMatcher;
import java.util.List;

/**
 * SecurityPolicy OIDC: Envoy's OAuth2 filter, configured per route (one empty filter on the
 * listener), with the client and HMAC secrets served by SDS and a cluster for the provider's
 * token endpoint (its backend, or one made from the endpoint's URL).
 */
final class OidcLogin implements HttpFeature {
  static final String FILTER = "envoy.filters.http.oauth2";
  private static final Duration DEFAULT_TIMEOUT = Duration.newBuilder().setSeconds(10).build();

  private static Oidc oidc(HttpRoute r) {
    return r.security() == null ? null : r.security().oidc();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    if (listener.routes().stream().anyMatch(r -> oidc(r) != null)
        && hcm.getHttpFiltersList().stream().noneMatch(f -> f.getName().equals(FILTER))) {
      hcm.addHttpFilters(HttpFilter.newBuilder().setName(FILTER)
          .setTypedConfig(Any.pack(OAuth2.getDefaultInstance())));
    }
  }

  private static boolean hasProviderBackend(Oidc oidc) {
    return oidc.provider() != null && oidc.provider().destination() != null
        && !oidc.provider().destination().settings().isEmpty();
  }

  private static String tokenCluster(Oidc oidc) {
    if (hasProviderBackend(oidc)) {
      return oidc.provider().destination().name();
    }
    UrlClusters.UrlCluster uc = UrlClusters.of(tokenEndpoint(oidc));
    if (!uc.dns()) {
      throw new IllegalArgumentException("static IP cluster is not allowed: "
          + tokenEndpoint(oidc));
    }
    return uc.name();
  }

  private static String tokenEndpoint(Oidc oidc) {
    return oidc.provider() == null ? "" : oidc.provider().tokenEndpoint();
  }

  private static PathMatcher exactPath(String path) {
    return PathMatcher.newBuilder().setPath(StringMatcher.newBuilder().setExact(path)).build();
  }

  private static SdsSecretConfig sds(String name) {
    return SdsSecretConfig.newBuilder().setName(name).setSdsConfig(ConfigSources.ads()).build();
  }

  static String clientSecretName(Oidc oidc) {
    return "oauth2/client_secret/" + oidc.name();
  }

  static String hmacSecretName(Oidc oidc) {
    return "oauth2/hmac_secret/" + oidc.name();
  }

  private static OAuth2Config config(HttpRoute route) {
    Oidc oidc = oidc(route);
    var provider = oidc.provider();
    var traffic = provider == null ? null : provider.traffic();
    Duration timeout = DEFAULT_TIMEOUT;
    if (traffic != null && traffic.timeout() != null && traffic.timeout().http() != null
        && traffic.timeout().http().requestTimeout() != null) {
      timeout = traffic.timeout().http().requestTimeout().toProto();
    }
    String suffix = oidc.cookieSuffix();
    OAuth2Credentials.CookieNames.Builder cookies = OAuth2Credentials.CookieNames.newBuilder()
        .setBearerToken("AccessToken-" + suffix).setOauthHmac("OauthHMAC-" + suffix)
        .setOauthExpires("OauthExpires-" + suffix).setIdToken("IdToken-" + suffix)
        .setRefreshToken("RefreshToken-" + suffix).setOauthNonce("OauthNonce-" + suffix);
    if (oidc.cookieNameOverrides() != null) {
      if (oidc.cookieNameOverrides().accessToken() != null) {
        cookies.setBearerToken(oidc.cookieNameOverrides().accessToken());
      }
      if (oidc.cookieNameOverrides().idToken() != null) {
        cookies.setIdToken(oidc.cookieNameOverrides().idToken());
      }
    }
    OAuth2Credentials.Builder credentials = OAuth2Credentials.newBuilder()
        .setClientId(oidc.clientID()).setTokenSecret(sds(clientSecretName(oidc)))
        .setHmacSecret(sds(hmacSecretName(oidc))).setCookieNames(cookies);
    if (oidc.cookieDomain() != null) {
      credentials.setCookieDomain(oidc.cookieDomain());
    }
    OAuth2Config.Builder config = OAuth2Config.newBuilder()
        .setStatPrefix(oidc.name())
        .setTokenEndpoint(HttpUri.newBuilder().setUri(tokenEndpoint(oidc))
            .setCluster(tokenCluster(oidc)).setTimeout(timeout))
        .setAuthorizationEndpoint(provider == null ? "" : provider.authorizationEndpoint())
        .setRedirectUri(oidc.redirectURL())
        .setRedirectPathMatcher(exactPath(oidc.redirectPath()))
        .setSignoutPath(exactPath(oidc.logoutPath()))
        .setUseRefreshToken(BoolValue.of(oidc.refreshToken()))
        .setForwardBearerToken(oidc.forwardAccessToken())
        .setCredentials(credentials)
        .setAuthType(OAuth2Config.AuthType.BASIC_AUTH)
        .addAllAuthScopes(oidc.scopes())
        .addAllResources(oidc.resources())
        .setPreserveAuthorizationHeader(!oidc.forwardAccessToken());
    if (oidc.cookieConfig() != null && oidc.cookieConfig().sameSite() != null) {
      CookieConfig cookie = CookieConfig.newBuilder().setSameSite(switch (oidc.cookieConfig()
          .sameSite()) {
        case "Strict" -> CookieConfig.SameSite.STRICT;
        case "Lax" -> CookieConfig.SameSite.LAX;
        case "None" -> CookieConfig.SameSite.NONE;
        default -> CookieConfig.SameSite.DISABLED;
      }).build();
      config.setCookieConfigs(CookieConfigs.newBuilder().setBearerTokenCookieConfig(cookie)
          .setOauthHmacCookieConfig(cookie).setOauthExpiresCookieConfig(cookie)
          .setIdTokenCookieConfig(cookie).setRefreshTokenCookieConfig(cookie)
          .setOauthNonceCookieConfig(cookie).setCodeVerifierCookieConfig(cookie));
    }
    if (oidc.disableTokenEncryption()) {
      NewerEnvoyFields.setVarint(config, "disable_token_encryption", 1);
    }
    if (oidc.defaultTokenTTL() != null) {
      config.setDefaultExpiresIn(oidc.defaultTokenTTL().toProto());
    }
    if (oidc.defaultRefreshTokenTTL() != null) {
      config.setDefaultRefreshTokenExpiresIn(oidc.defaultRefreshTokenTTL().toProto());
    }
    if (traffic != null && traffic.retry() != null) {
      config.setRetryPolicy(ExtAuthorization.nonRouteRetry(traffic.retry()));
    }
    if (oidc.passThroughAuthHeader()) {
      config.addAllPassThroughMatcher(passThrough(route.security().jwt()));
    }
    if (oidc.denyRedirect() != null) {
      for (OidcDenyRedirectHeader h : oidc.denyRedirect().headers()) {
        StringMatcher.Builder m = StringMatcher.newBuilder();
        switch (h.type() == null ? "Exact" : h.type()) {
          case "Prefix" -> m.setPrefix(h.value());
          case "Suffix" -> m.setSuffix(h.value());
          case "RegularExpression" -> m.setSafeRegex(Matchers.regex(h.value()));
          default -> m.setExact(h.value());
        }
        config.addDenyRedirectMatcher(HeaderMatcher.newBuilder().setName(h.name())
            .setStringMatch(m));
      }
    }
    if (provider != null && provider.endSessionEndpoint() != null) {
      NewerEnvoyFields.setString(config, "end_session_endpoint", provider.endSessionEndpoint());
    }
    if (oidc.csrfTokenTTL() != null) {
      NewerEnvoyFields.setMessage(config, "csrf_token_expires_in",
          oidc.csrfTokenTTL().toProto());
    }
    if (oidc.forwardIDTokenHeader() != null) {
      DynamicMessage.Builder forwarding =
          NewerEnvoyFields.newMessage(NewerEnvoyFields.OAUTH2 + ".OAuth2TokenForwarding");
      NewerEnvoyFields.set(forwarding, "header", oidc.forwardIDTokenHeader());
      NewerEnvoyFields.setMessage(config, "forward_id_token", forwarding.build());
      if (oidc.forwardIDTokenHeader().equalsIgnoreCase("Authorization")) {
        config.setPreserveAuthorizationHeader(false);
      }
    }
    return config.build();
  }

  /** Requests already carrying a JWT (where the route's JWT providers look) skip the login. */
  private static List<HeaderMatcher> passThrough(JsonNode jwt) {
    List<HeaderMatcher> out = new java.util.ArrayList<>();
    if (jwt == null) {
      return out;
    }
    for (JsonNode provider : jwt.path("providers")) {
      JsonNode extractFrom = provider.get("extractFrom");
      if (extractFrom == null || extractFrom.isNull()) {
        out.add(HeaderMatcher.newBuilder().setName("Authorization")
            .setStringMatch(StringMatcher.newBuilder().setPrefix("Bearer ")).build());
        continue;
      }
      for (JsonNode header : extractFrom.path("headers")) {
        HeaderMatcher.Builder m = HeaderMatcher.newBuilder().setName(header.path("name").asText());
        JsonNode prefix = header.get("valuePrefix");
        if (prefix != null && !prefix.isNull()) {
          m.setStringMatch(StringMatcher.newBuilder().setPrefix(prefix.asText()));
        }
        out.add(m.build());
      }
    }
    return out;
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    if (oidc(irRoute) == null) {
      return;
    }
    DynamicMessage.Builder perRoute =
        NewerEnvoyFields.newMessage(NewerEnvoyFields.OAUTH2 + ".OAuth2PerRoute");
    NewerEnvoyFields.set(perRoute, "config", config(irRoute));
    route.putTypedPerFilterConfig(FILTER, Any.pack(perRoute.build()));
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {
    for (HttpRoute r : routes) {
      Oidc oidc = oidc(r);
      if (oidc == null) {
        continue;
      }
      var provider = oidc.provider();
      if (hasProviderBackend(oidc)) {
        Clusters.add(table, ServiceClusters.collectorArgs(provider.destination(),
            provider.traffic(), null, null), context.settings());
        UpstreamTls.addClientCertificates(table, provider.destination().settings());
      } else {
        tokenCluster(oidc);
        UrlClusters.add(table, tokenEndpoint(oidc), provider == null ? null : provider.traffic(),
            context.settings());
      }
    }
    for (HttpRoute r : routes) {
      Oidc oidc = oidc(r);
      if (oidc == null) {
        continue;
      }
      addSecret(table, clientSecretName(oidc), oidc.clientSecret());
      addSecret(table, hmacSecretName(oidc), oidc.hmacSecret());
    }
  }

  private static void addSecret(ResourceTable table, String name,
      dev.attache.control.ir.Bytes value) {
    if (table.hasSecret(name)) {
      return;
    }
    table.addSecret(Secret.newBuilder().setName(name).setGenericSecret(GenericSecret.newBuilder()
        .setSecret(DataSource.newBuilder().setInlineBytes(
            ByteString.copyFrom(value == null ? new byte[0] : value.toArray())))).build());
  }
}
