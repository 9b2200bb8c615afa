package dev.attache.authz.xds;

import dev.attache.authz.api.v1.Action;
import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.authz.basic.Htpasswd;
import dev.attache.authz.jwks.KeySet;
import dev.attache.authz.policy.ApiKeyAuthSpec;
import dev.attache.authz.policy.AuthorizationSpec;
import dev.attache.authz.policy.BasicAuthSpec;
import dev.attache.authz.policy.JwtSpec;
import dev.attache.authz.policy.PolicyId;
import dev.attache.authz.policy.PolicySet;
import dev.attache.authz.policy.SecurityPolicy;
import dev.attache.authz.rules.CidrRange;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code AuthzPolicy} resources of one xDS response as the {@link PolicySet} the Check path
 * enforces, the same values {@code --config} files load to. The whole response converts or none of
 * it does: an error names the policy and field (never a credential), and becomes the NACK.
 */
public final class PolicyResources {
  /** What the config dump shows as a policy's file: it came over xDS. */
  static final Path SOURCE = Path.of("xds");
  private static final Duration DEFAULT_CACHE_DURATION = Duration.ofSeconds(300);
  private static final Duration DEFAULT_FAILED_REFETCH = Duration.ofSeconds(1);

  private PolicyResources() {}

  /** The policies of one response. */
  public static PolicySet of(List<AuthzPolicy> resources) {
    Map<PolicyId, SecurityPolicy> out = new LinkedHashMap<>();
    for (AuthzPolicy p : resources) {
      PolicyId id = PolicyId.of(p.getNamespace(), p.getName());
      if (p.getNamespace().isEmpty() || p.getName().isEmpty()) {
        throw new IllegalArgumentException("an AuthzPolicy without namespace or name");
      }
      try {
        if (out.put(id, policy(id, p)) != null) {
          throw new IllegalArgumentException("sent twice");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("AuthzPolicy " + id + ": " + e.getMessage(), e);
      }
    }
    return PolicySet.of(out);
  }

  private static SecurityPolicy policy(PolicyId id, AuthzPolicy p) {
    JwtSpec jwt = p.hasJwt() ? jwt(p.getJwt()) : null;
    return new SecurityPolicy(id, SOURCE, jwt,
        p.hasApiKeyAuth() ? apiKeyAuth(p.getApiKeyAuth()) : null,
        p.hasBasicAuth() ? basicAuth(p.getBasicAuth()) : null,
        p.hasAuthorization() ? authorization(id, p.getAuthorization(), jwt) : null,
        List.of());
  }

  // ---- jwt

  private static JwtSpec jwt(dev.attache.authz.api.v1.Jwt j) {
    List<JwtSpec.Provider> providers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < j.getProvidersCount(); i++) {
      var p = j.getProviders(i);
      String where = "jwt.providers[" + i + "]";
      if (p.getName().isEmpty() || !names.add(p.getName())) {
        throw new IllegalArgumentException(where + ".name: empty or not unique");
      }
      JwtSpec.RemoteJwks remote = null;
      String local = null;
      switch (p.getKeysCase()) {
        case REMOTE_JWKS -> {
          var r = p.getRemoteJwks();
          URI uri;
          try {
            uri = new URI(r.getUri());
          } catch (URISyntaxException e) {
            throw new IllegalArgumentException(where + ".remoteJwks.uri: invalid URI: " + e.getReason());
          }
          if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException(where + ".remoteJwks.uri: expected an http or https URI");
          }
          remote = new JwtSpec.RemoteJwks(uri,
              r.hasCacheDuration() ? duration(r.getCacheDuration(), where + ".remoteJwks.cacheDuration")
                  : DEFAULT_CACHE_DURATION,
              r.hasFailedRefetchDuration()
                  ? duration(r.getFailedRefetchDuration(), where + ".remoteJwks.failedRefetchDuration")
                  : DEFAULT_FAILED_REFETCH);
        }
        case LOCAL_JWKS -> {
          local = p.getLocalJwks();
          try {
            KeySet.parse(local, Instant.now());
          } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException(where + ".localJwks: not a JWKS: " + e.getMessage());
          }
        }
        case KEYS_NOT_SET -> throw new IllegalArgumentException(where + ": neither remoteJwks nor localJwks");
      }
      List<JwtSpec.ClaimToHeader> claims = p.getClaimToHeadersList().stream()
          .map(c -> new JwtSpec.ClaimToHeader(c.getHeader(), c.getClaim())).toList();
      JwtSpec.Extractor extractor = null;
      if (p.hasExtractFrom()) {
        var e = p.getExtractFrom();
        extractor = new JwtSpec.Extractor(e.getHeadersList().stream().map(h -> new JwtSpec.HeaderSource(
            h.getName().toLowerCase(Locale.ROOT), h.getValuePrefix())).toList(), e.getCookiesList(), e.getParamsList());
      }
      providers.add(new JwtSpec.Provider(p.getName(), p.getIssuer(), p.getAudiencesList(), remote, local, claims,
          extractor));
    }
    return new JwtSpec(j.getOptional(), j.getFailOpen(), providers);
  }

  private static Duration duration(com.google.protobuf.Duration d, String where) {
    Duration out = Duration.ofSeconds(d.getSeconds(), d.getNanos());
    if (out.isNegative() || out.isZero()) {
      throw new IllegalArgumentException(where + ": must be positive");
    }
    return out;
  }

  // ---- apiKeyAuth

  private static ApiKeyAuthSpec apiKeyAuth(dev.attache.authz.api.v1.ApiKeyAuth a) {
    List<ApiKeyAuthSpec.Credential> credentials = new ArrayList<>();
    Set<String> clients = new HashSet<>();
    for (var c : a.getCredentialsList()) {
      if (c.getKeySha256().size() != 32) {
        throw new IllegalArgumentException("apiKeyAuth.credentials (client " + c.getClientId()
            + "): key_sha256 must be a SHA-256 digest (32 bytes)");
      }
      if (!clients.add(c.getClientId())) {
        throw new IllegalArgumentException("apiKeyAuth.credentials: client " + c.getClientId() + " listed twice");
      }
      credentials.add(new ApiKeyAuthSpec.Credential(c.getClientId(), c.getKeySha256().toByteArray()));
    }
    List<ApiKeyAuthSpec.KeySource> sources = new ArrayList<>();
    for (var s : a.getExtractFromList()) {
      sources.add(switch (s.getSourceCase()) {
        case HEADER -> new ApiKeyAuthSpec.KeySource.Header(s.getHeader().toLowerCase(Locale.ROOT));
        case PARAM -> new ApiKeyAuthSpec.KeySource.Param(s.getParam());
        case COOKIE -> new ApiKeyAuthSpec.KeySource.Cookie(s.getCookie());
        case SOURCE_NOT_SET -> throw new IllegalArgumentException("apiKeyAuth.extractFrom: an empty source");
      });
    }
    if (sources.isEmpty()) {
      throw new IllegalArgumentException("apiKeyAuth.extractFrom: at least one source is required");
    }
    String forward = a.getForwardClientIdHeader();
    return new ApiKeyAuthSpec(credentials, sources, forward.isEmpty() ? null : forward.toLowerCase(Locale.ROOT),
        a.getSanitize());
  }

  // ---- basicAuth

  private static BasicAuthSpec basicAuth(dev.attache.authz.api.v1.BasicAuth b) {
    Htpasswd users;
    try {
      users = Htpasswd.parse(b.getHtpasswd());
    } catch (IllegalArgumentException e) {
      // Htpasswd's messages name lines, never hashes.
      throw new IllegalArgumentException("basicAuth.htpasswd: " + e.getMessage());
    }
    String forward = b.getForwardUsernameHeader();
    return new BasicAuthSpec(users, forward.isEmpty() ? null : forward.toLowerCase(Locale.ROOT));
  }

  // ---- authorization

  private static AuthorizationSpec authorization(PolicyId id, dev.attache.authz.api.v1.Authorization a,
      JwtSpec jwt) {
    List<AuthorizationSpec.Rule> rules = new ArrayList<>();
    for (int i = 0; i < a.getRulesCount(); i++) {
      var r = a.getRules(i);
      String where = "authorization.rules[" + i + "]";
      String name = r.getName().isEmpty() ? "securitypolicy/" + id + "/authorization/rule/" + i : r.getName();
      AuthorizationSpec.Operation operation = null;
      if (r.hasOperation()) {
        var op = r.getOperation();
        Set<String> methods = new LinkedHashSet<>();
        op.getMethodsList().forEach(m -> methods.add(m.toUpperCase(Locale.ROOT)));
        AuthorizationSpec.PathMatch path = null;
        if (op.hasPath()) {
          var p = op.getPath();
          AuthorizationSpec.PathMatchType type = switch (p.getType()) {
            case EXACT -> AuthorizationSpec.PathMatchType.EXACT;
            case REGULAR_EXPRESSION -> AuthorizationSpec.PathMatchType.REGULAR_EXPRESSION;
            default -> AuthorizationSpec.PathMatchType.PATH_PREFIX;
          };
          Pattern regex = null;
          if (type == AuthorizationSpec.PathMatchType.REGULAR_EXPRESSION) {
            try {
              regex = Pattern.compile(p.getValue());
            } catch (PatternSyntaxException e) {
              throw new IllegalArgumentException(where + ".operation.path.value: invalid regular expression: "
                  + e.getDescription());
            }
          }
          path = new AuthorizationSpec.PathMatch(type, p.getValue(), regex, p.getInvert());
        }
        operation = new AuthorizationSpec.Operation(methods, path);
      }
      AuthorizationSpec.Principal principal = null;
      if (r.hasPrincipal()) {
        var pr = r.getPrincipal();
        List<CidrRange> cidrs = new ArrayList<>();
        for (int c = 0; c < pr.getClientCidrsCount(); c++) {
          try {
            cidrs.add(CidrRange.parse(pr.getClientCidrs(c)));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ".principal.clientCidrs[" + c + "]: " + e.getMessage());
          }
        }
        AuthorizationSpec.JwtPrincipal jp = null;
        if (pr.hasJwt()) {
          var j = pr.getJwt();
          if (jwt == null || jwt.providers().stream().noneMatch(p -> p.name().equals(j.getProvider()))) {
            throw new IllegalArgumentException(where + ".principal.jwt.provider: no JWT provider named "
                + j.getProvider());
          }
          jp = new AuthorizationSpec.JwtPrincipal(j.getProvider(), j.getClaimsList().stream().map(c ->
              new AuthorizationSpec.ClaimMatch(c.getName(), List.of(c.getName().split("\\.", -1)),
                  c.getValueType() == dev.attache.authz.api.v1.ClaimMatch.ValueType.STRING_ARRAY
                      ? AuthorizationSpec.ClaimValueType.STRING_ARRAY : AuthorizationSpec.ClaimValueType.STRING,
                  c.getValuesList())).toList(), j.getScopesList());
        }
        List<AuthorizationSpec.HeaderMatch> headers = pr.getHeadersList().stream().map(h ->
            new AuthorizationSpec.HeaderMatch(h.getName().toLowerCase(Locale.ROOT), h.getValuesList())).toList();
        principal = new AuthorizationSpec.Principal(cidrs, jp, headers);
      }
      rules.add(new AuthorizationSpec.Rule(name, action(r.getAction()), operation, principal));
    }
    return new AuthorizationSpec(rules, action(a.getDefaultAction()));
  }

  private static AuthorizationSpec.Action action(Action a) {
    return a == Action.ALLOW ? AuthorizationSpec.Action.ALLOW : AuthorizationSpec.Action.DENY;
  }
}
