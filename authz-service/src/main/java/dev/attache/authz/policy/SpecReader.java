package dev.attache.authz.policy;

import com.nimbusds.jose.jwk.JWKSet;
import dev.attache.authz.basic.Htpasswd;
import dev.attache.authz.policy.ApiKeyAuthSpec.Credential;
import dev.attache.authz.policy.ApiKeyAuthSpec.KeySource;
import dev.attache.authz.policy.AuthorizationSpec.Action;
import dev.attache.authz.policy.AuthorizationSpec.ClaimMatch;
import dev.attache.authz.policy.AuthorizationSpec.ClaimValueType;
import dev.attache.authz.policy.AuthorizationSpec.HeaderMatch;
import dev.attache.authz.policy.AuthorizationSpec.JwtPrincipal;
import dev.attache.authz.policy.AuthorizationSpec.Operation;
import dev.attache.authz.policy.AuthorizationSpec.PathMatch;
import dev.attache.authz.policy.AuthorizationSpec.PathMatchType;
import dev.attache.authz.policy.AuthorizationSpec.Principal;
import dev.attache.authz.policy.AuthorizationSpec.Rule;
import dev.attache.authz.rules.CidrRange;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads one SecurityPolicy {@code spec}, resolving the Secrets and ConfigMaps it references. */
final class SpecReader {
  static final Duration DEFAULT_CACHE_DURATION = Duration.ofSeconds(300);
  static final Duration DEFAULT_FAILED_REFETCH = Duration.ofSeconds(1);
  private static final Set<String> HTTP_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");
  private static final Pattern SHA256_VALUE = Pattern.compile("sha256:[0-9a-fA-F]{64}");

  private final PolicyId id;
  private final Path file;
  private final Function<String, PolicyLoader.Resolved> secrets;
  private final Function<String, PolicyLoader.Resolved> configMaps;

  SpecReader(PolicyId id, Path file, Function<String, PolicyLoader.Resolved> secrets,
      Function<String, PolicyLoader.Resolved> configMaps) {
    this.id = id;
    this.file = file;
    this.secrets = secrets;
    this.configMaps = configMaps;
  }

  SecurityPolicy read(Fields spec) {
    spec.accept("targetRef", "targetRefs", "targetSelectors", "mergeType");
    List<String> elsewhere = new ArrayList<>();
    for (String s : List.of("cors", "csrf", "oidc", "extAuth")) {
      if (spec.raw(s) != null) {
        elsewhere.add(s);
      }
    }
    Fields jwtF = spec.optObject("jwt");
    JwtSpec jwt = jwtF == null ? null : jwt(jwtF);
    Fields apiKeyF = spec.optObject("apiKeyAuth");
    ApiKeyAuthSpec apiKey = apiKeyF == null ? null : apiKeyAuth(apiKeyF);
    Fields basicF = spec.optObject("basicAuth");
    BasicAuthSpec basic = basicF == null ? null : basicAuth(basicF);
    Fields authzF = spec.optObject("authorization");
    AuthorizationSpec authz = authzF == null ? null : authorization(authzF, jwt);
    spec.done();
    return new SecurityPolicy(id, file, jwt, apiKey, basic, authz, elsewhere);
  }

  // ---- jwt

  private JwtSpec jwt(Fields f) {
    boolean optional = f.has("optional");
    boolean failOpen = f.has("failOpen");
    if (optional && failOpen) {
      throw new FieldException(f.child("failOpen"),
          "optional and failOpen cannot both be set; failOpen already tolerates a missing JWT");
    }
    optional = f.bool("optional", false);
    failOpen = f.bool("failOpen", false);
    List<Fields> providerFields = f.objectList("providers");
    if (providerFields.isEmpty()) {
      throw new FieldException(f.child("providers"), "at least one provider is required");
    }
    if (providerFields.size() > 16) {
      throw new FieldException(f.child("providers"), providerFields.size() + " providers (expected: at most 16)");
    }
    List<JwtSpec.Provider> providers = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Fields p : providerFields) {
      JwtSpec.Provider provider = provider(p);
      if (!names.add(provider.name())) {
        throw new FieldException(p.child("name"), "provider name " + provider.name() + " must be unique");
      }
      providers.add(provider);
    }
    f.done();
    return new JwtSpec(optional, failOpen, providers);
  }

  private JwtSpec.Provider provider(Fields p) {
    String name = p.nonEmptyString("name");
    String issuer = p.optString("issuer");
    List<String> audiences = p.stringList("audiences");
    p.accept("recomputeRoute");
    p.bool("recomputeRoute", false);
    Fields remoteF = p.optObject("remoteJWKS");
    Fields localF = p.optObject("localJWKS");
    if ((remoteF == null) == (localF == null)) {
      throw new FieldException(p.path(), "exactly one of remoteJWKS or localJWKS must be specified");
    }
    JwtSpec.RemoteJwks remote = remoteF == null ? null : remoteJwks(remoteF);
    String local = localF == null ? null : localJwks(localF);
    List<JwtSpec.ClaimToHeader> claimToHeaders = new ArrayList<>();
    for (Fields c : p.objectList("claimToHeaders")) {
      claimToHeaders.add(new JwtSpec.ClaimToHeader(c.nonEmptyString("header"), c.nonEmptyString("claim")));
      c.done();
    }
    Fields ex = p.optObject("extractFrom");
    JwtSpec.Extractor extractor = null;
    if (ex != null) {
      List<JwtSpec.HeaderSource> headers = new ArrayList<>();
      for (Fields h : ex.objectList("headers")) {
        String prefix = h.optString("valuePrefix");
        headers.add(new JwtSpec.HeaderSource(h.nonEmptyString("name").toLowerCase(Locale.ROOT),
            prefix == null ? "" : prefix));
        h.done();
      }
      extractor = new JwtSpec.Extractor(headers, ex.stringList("cookies"), ex.stringList("params"));
      ex.done();
    }
    p.done();
    return new JwtSpec.Provider(name, issuer == null ? "" : issuer, audiences, remote, local, claimToHeaders, extractor);
  }

  private JwtSpec.RemoteJwks remoteJwks(Fields f) {
    // The JWKS is fetched from uri directly; backend settings are the control plane's business.
    f.accept("backendRef", "backendRefs", "backendSettings");
    String uriText = f.nonEmptyString("uri");
    URI uri;
    try {
      uri = new URI(uriText);
    } catch (URISyntaxException e) {
      throw new FieldException(f.child("uri"), "invalid URI: " + e.getReason());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
      throw new FieldException(f.child("uri"), uriText + " (expected: an http or https URI with a host)");
    }
    String cache = f.optString("cacheDuration");
    String failed = f.optString("failedRefetchDuration");
    Duration cacheDuration = cache == null ? DEFAULT_CACHE_DURATION : positive(cache, f.child("cacheDuration"));
    Duration failedRefetch = failed == null ? DEFAULT_FAILED_REFETCH : positive(failed, f.child("failedRefetchDuration"));
    f.done();
    return new JwtSpec.RemoteJwks(uri, cacheDuration, failedRefetch);
  }

  private static Duration positive(String text, String path) {
    Duration d = GatewayDuration.parse(text, path);
    if (d.isZero()) {
      throw new FieldException(path, text + " (expected: > 0)");
    }
    return d;
  }

  private String localJwks(Fields f) {
    String type = f.optString("type");
    if (type == null) {
      type = "Inline";
    }
    String text;
    String at;
    switch (type) {
      case "Inline" -> {
        if (f.has("valueRef")) {
          throw new FieldException(f.child("valueRef"), "must not be set when type is Inline");
        }
        at = f.child("inline");
        text = f.optString("inline");
        if (text == null) {
          throw new FieldException(at, "inline JWKS must be set when type is Inline");
        }
      }
      case "ValueRef" -> {
        if (f.has("inline")) {
          throw new FieldException(f.child("inline"), "must not be set when type is ValueRef");
        }
        Fields ref = f.object("valueRef");
        at = ref.path();
        String name = ref.nonEmptyString("name");
        String kind = ref.optString("kind");
        String group = ref.optString("group");
        if (kind != null && !kind.equals("ConfigMap") || group != null && !group.isEmpty()) {
          throw new FieldException(ref.path(), "must reference a core ConfigMap (group \"\", kind ConfigMap)");
        }
        ref.done();
        PolicyLoader.Resolved cm = configMaps.apply(id.namespace() + "/" + name);
        if (cm == null) {
          throw new FieldException(ref.child("name"), "ConfigMap " + id.namespace() + "/" + name + " not found");
        }
        // As Envoy Gateway: the "jwks" key, else the first value.
        text = cm.data().containsKey("jwks") ? cm.data().get("jwks")
            : cm.data().values().stream().findFirst().orElse(null);
        if (text == null) {
          throw new FieldException(ref.child("name"), "ConfigMap " + id.namespace() + "/" + name + " has no data");
        }
      }
      default -> throw new FieldException(f.child("type"), type + " (expected: Inline or ValueRef)");
    }
    f.done();
    try {
      JWKSet set = JWKSet.parse(text);
      if (set.getKeys().isEmpty()) {
        throw new FieldException(at, "the JWKS has no keys");
      }
    } catch (java.text.ParseException e) {
      throw new FieldException(at, "not a valid JWKS: " + e.getMessage());
    }
    return text;
  }

  // ---- apiKeyAuth

  private ApiKeyAuthSpec apiKeyAuth(Fields f) {
    List<Fields> refs = f.objectList("credentialRefs");
    if (refs.isEmpty()) {
      throw new FieldException(f.child("credentialRefs"), "at least one Secret is required");
    }
    List<Credential> credentials = new ArrayList<>();
    Set<String> clients = new HashSet<>();
    Set<String> digests = new HashSet<>();
    for (Fields ref : refs) {
      PolicyLoader.Resolved secret = secret(ref);
      // Sorted as Envoy Gateway does; the first Secret that names a client wins.
      for (Map.Entry<String, String> e : new TreeMap<>(secret.data()).entrySet()) {
        if (!clients.add(e.getKey())) {
          continue;
        }
        byte[] digest = keyDigest(e.getValue(), ref.path() + " (client " + e.getKey() + ")");
        if (!digests.add(HexFormat.of().formatHex(digest))) {
          throw new FieldException(ref.path(), "duplicated API key (client " + e.getKey() + ")");
        }
        credentials.add(new Credential(e.getKey(), digest));
      }
    }
    List<KeySource> sources = new ArrayList<>();
    List<Fields> extract = f.objectList("extractFrom");
    if (extract.isEmpty()) {
      throw new FieldException(f.child("extractFrom"), "at least one entry is required");
    }
    for (Fields e : extract) {
      List<String> headers = e.stringList("headers");
      List<String> params = e.stringList("params");
      List<String> cookies = e.stringList("cookies");
      int set = (headers.isEmpty() ? 0 : 1) + (params.isEmpty() ? 0 : 1) + (cookies.isEmpty() ? 0 : 1);
      if (set != 1) {
        throw new FieldException(e.path(), "exactly one of headers, params, or cookies must be specified");
      }
      headers.forEach(h -> sources.add(new KeySource.Header(h.toLowerCase(Locale.ROOT))));
      params.forEach(p -> sources.add(new KeySource.Param(p)));
      cookies.forEach(c -> sources.add(new KeySource.Cookie(c)));
      e.done();
    }
    String forward = f.optString("forwardClientIDHeader");
    boolean sanitize = f.bool("sanitize", false);
    f.done();
    return new ApiKeyAuthSpec(credentials, sources, forward == null || forward.isEmpty() ? null
        : forward.toLowerCase(Locale.ROOT), sanitize);
  }

  /** A key's SHA-256 digest; a value {@code sha256:<hex>} already is one (envoyproxy/gateway#8833). */
  private static byte[] keyDigest(String value, String where) {
    if (value.isEmpty()) {
      throw new FieldException(where, "empty API key");
    }
    if (SHA256_VALUE.matcher(value).matches()) {
      return HexFormat.of().parseHex(value.substring(7).toLowerCase(Locale.ROOT));
    }
    return sha256(value.getBytes(StandardCharsets.UTF_8));
  }

  static byte[] sha256(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private PolicyLoader.Resolved secret(Fields ref) {
    String name = ref.nonEmptyString("name");
    String namespace = ref.optString("namespace");
    String kind = ref.optString("kind");
    String group = ref.optString("group");
    if (kind != null && !kind.equals("Secret") || group != null && !group.isEmpty()) {
      throw new FieldException(ref.path(), "must reference a core Secret (group \"\", kind Secret)");
    }
    ref.done();
    String key = (namespace == null || namespace.isEmpty() ? id.namespace() : namespace) + "/" + name;
    PolicyLoader.Resolved secret = secrets.apply(key);
    if (secret == null) {
      throw new FieldException(ref.child("name"), "Secret " + key + " not found");
    }
    return secret;
  }

  // ---- basicAuth

  private BasicAuthSpec basicAuth(Fields f) {
    Fields ref = f.object("users");
    PolicyLoader.Resolved secret = secret(ref);
    String text = secret.data().get(".htpasswd");
    if (text == null || text.isEmpty()) {
      throw new FieldException(ref.path(), "Secret must contain a non-empty \".htpasswd\" key");
    }
    Htpasswd users;
    try {
      users = Htpasswd.parse(text);
    } catch (IllegalArgumentException e) {
      throw new FieldException(ref.path(), "Secret key .htpasswd: " + e.getMessage());
    }
    String forward = f.optString("forwardUsernameHeader");
    f.done();
    return new BasicAuthSpec(users, forward == null || forward.isEmpty() ? null : forward.toLowerCase(Locale.ROOT));
  }

  // ---- authorization

  private AuthorizationSpec authorization(Fields f, JwtSpec jwt) {
    Action dflt = action(f, "defaultAction", Action.DENY);
    List<Rule> rules = new ArrayList<>();
    List<Fields> ruleFields = f.objectList("rules");
    for (int i = 0; i < ruleFields.size(); i++) {
      rules.add(rule(ruleFields.get(i), i, jwt));
    }
    f.done();
    return new AuthorizationSpec(rules, dflt);
  }

  private static Action action(Fields f, String field, Action dflt) {
    String a = f.optString(field);
    if (a == null) {
      if (dflt == null) {
        throw new FieldException(f.child(field), "required field is missing");
      }
      return dflt;
    }
    return switch (a) {
      case "Allow" -> Action.ALLOW;
      case "Deny" -> Action.DENY;
      default -> throw new FieldException(f.child(field), a + " (expected: Allow or Deny)");
    };
  }

  private Rule rule(Fields r, int index, JwtSpec jwt) {
    String name = r.optString("name");
    if (name == null || name.isEmpty()) {
      name = "securitypolicy/" + id + "/authorization/rule/" + index;
    }
    Action action = action(r, "action", null);
    if (r.has("cel")) {
      // Ignoring an expression would change decisions; refuse instead of guessing.
      throw new FieldException(r.child("cel"), "CEL expressions are not supported by authz-service");
    }
    r.raw("cel");
    Fields op = r.optObject("operation");
    Operation operation = op == null ? null : operation(op);
    Fields pr = r.optObject("principal");
    if (pr == null) {
      throw new FieldException(r.child("principal"), "required field is missing");
    }
    Principal principal = principal(pr, jwt);
    r.done();
    return new Rule(name, action, operation, principal);
  }

  private static Operation operation(Fields op) {
    Set<String> methods = new LinkedHashSet<>();
    for (String m : op.stringList("methods")) {
      String upper = m.toUpperCase(Locale.ROOT);
      if (!HTTP_METHODS.contains(m)) {
        throw new FieldException(op.child("methods"), m + " (expected: one of " + new java.util.TreeSet<>(HTTP_METHODS) + ")");
      }
      methods.add(upper);
    }
    Fields p = op.optObject("path");
    PathMatch path = null;
    if (p != null) {
      String type = p.optString("type");
      String value = p.optString("value");
      if (value == null) {
        value = "/";
      }
      boolean invert = p.bool("invert", false);
      PathMatchType t = switch (type == null ? "PathPrefix" : type) {
        case "Exact" -> PathMatchType.EXACT;
        case "PathPrefix" -> PathMatchType.PATH_PREFIX;
        case "RegularExpression" -> PathMatchType.REGULAR_EXPRESSION;
        default -> throw new FieldException(p.child("type"), type + " (expected: Exact, PathPrefix or RegularExpression)");
      };
      Pattern regex = null;
      if (t == PathMatchType.REGULAR_EXPRESSION) {
        try {
          regex = Pattern.compile(value);
        } catch (PatternSyntaxException e) {
          throw new FieldException(p.child("value"), "invalid regular expression: " + e.getDescription());
        }
      }
      p.done();
      path = new PathMatch(t, value, regex, invert);
    }
    if (methods.isEmpty() && path == null) {
      throw new FieldException(op.path(), "at least one of methods or path must be specified");
    }
    op.done();
    return new Operation(methods, path);
  }

  private static Principal principal(Fields pr, JwtSpec jwt) {
    if (pr.has("clientIPGeoLocations")) {
      throw new FieldException(pr.child("clientIPGeoLocations"), "GeoIP matching is not supported by authz-service");
    }
    pr.raw("clientIPGeoLocations");
    List<CidrRange> cidrs = new ArrayList<>();
    List<String> cidrTexts = pr.stringList("clientCIDRs");
    for (int i = 0; i < cidrTexts.size(); i++) {
      try {
        cidrs.add(CidrRange.parse(cidrTexts.get(i)));
      } catch (IllegalArgumentException e) {
        throw new FieldException(pr.child("clientCIDRs") + "[" + i + "]", e.getMessage());
      }
    }
    Fields j = pr.optObject("jwt");
    JwtPrincipal jwtPrincipal = null;
    if (j != null) {
      String provider = j.nonEmptyString("provider");
      if (jwt == null || jwt.providers().stream().noneMatch(p -> p.name().equals(provider))) {
        throw new FieldException(j.child("provider"), "no JWT provider named " + provider + " in spec.jwt.providers");
      }
      List<ClaimMatch> claims = new ArrayList<>();
      for (Fields c : j.objectList("claims")) {
        String name = c.nonEmptyString("name");
        String vt = c.optString("valueType");
        ClaimValueType type = switch (vt == null ? "String" : vt) {
          case "String" -> ClaimValueType.STRING;
          case "StringArray" -> ClaimValueType.STRING_ARRAY;
          default -> throw new FieldException(c.child("valueType"), vt + " (expected: String or StringArray)");
        };
        List<String> values = c.stringList("values");
        if (values.isEmpty()) {
          throw new FieldException(c.child("values"), "at least one value is required");
        }
        c.done();
        claims.add(new ClaimMatch(name, List.of(name.split("\\.", -1)), type, values));
      }
      List<String> scopes = j.stringList("scopes");
      if (claims.isEmpty() && scopes.isEmpty()) {
        throw new FieldException(j.path(), "at least one of claims or scopes must be specified");
      }
      j.done();
      jwtPrincipal = new JwtPrincipal(provider, claims, scopes);
    }
    List<HeaderMatch> headers = new ArrayList<>();
    for (Fields h : pr.objectList("headers")) {
      String name = h.nonEmptyString("name").toLowerCase(Locale.ROOT);
      List<String> values = h.stringList("values");
      if (values.isEmpty()) {
        throw new FieldException(h.child("values"), "at least one value is required");
      }
      h.done();
      headers.add(new HeaderMatch(name, values));
    }
    if (cidrs.isEmpty() && jwtPrincipal == null && headers.isEmpty()) {
      throw new FieldException(pr.path(), "at least one of clientCIDRs, jwt or headers must be specified");
    }
    pr.done();
    return new Principal(cidrs, jwtPrincipal, headers);
  }
}
