package dev.attache.authz.policy;

import dev.attache.authz.basic.Htpasswd;
import dev.attache.authz.policy.ApiKeyAuthSpec.Credential;
import dev.attache.authz.policy.ApiKeyAuthSpec.KeySource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads one SecurityPolicy {@code spec}, resolving the Secrets and ConfigMaps it references. */
final class SpecReader {
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
    JwtSpec jwt = jwtF == null ? null : new JwtReader(id, configMaps).jwt(jwtF);
    Fields apiKeyF = spec.optObject("apiKeyAuth");
    ApiKeyAuthSpec apiKey = apiKeyF == null ? null : apiKeyAuth(apiKeyF);
    Fields basicF = spec.optObject("basicAuth");
    BasicAuthSpec basic = basicF == null ? null : basicAuth(basicF);
    Fields authzF = spec.optObject("authorization");
    AuthorizationSpec authz = authzF == null ? null : new AuthorizationReader(id).authorization(authzF, jwt);
    spec.done();
    return new SecurityPolicy(id, file, jwt, apiKey, basic, authz, elsewhere);
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
}
