package dev.attache.wasm.oci;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code auths} of a {@code kubernetes.io/dockerconfigjson} Secret's {@code .dockerconfigjson}
 * key: credentials per registry, looked up as the Docker CLI does (exact key first, then keys
 * written as URLs such as {@code https://registry.example.com/v1/}).
 */
public final class DockerConfig {
  /** The key of a dockerconfigjson Secret that holds the config. */
  public static final String SECRET_KEY = ".dockerconfigjson";
  private static final String DOCKER_HUB_KEY = "https://index.docker.io/v1/";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, RegistryCredentials> auths;
  private final String problem;

  private DockerConfig(Map<String, RegistryCredentials> auths, String problem) {
    this.auths = auths;
    this.problem = problem;
  }

  private DockerConfig(Map<String, RegistryCredentials> auths) {
    this(auths, null);
  }

  /**
   * Parses {@code json}, or, when it is not a valid config, a config that only says so: as in
   * Envoy Gateway, a malformed pull secret fails the pull that needs it, not the policy up front.
   *
   * @param source names the Secret in the problem, e.g. {@code secret ns/name}
   */
  public static DockerConfig parseLeniently(byte[] json, String source) {
    try {
      return parse(json);
    } catch (IllegalArgumentException e) {
      return new DockerConfig(Map.of(), "invalid " + SECRET_KEY + " in " + source + ": " + e.getMessage());
    }
  }

  /** What makes this config unusable (never quoting its content), or null when it is usable. */
  public String problem() {
    return problem;
  }

  /**
   * Parses a dockerconfigjson document.
   *
   * @throws IllegalArgumentException saying what is wrong, never quoting the document, which
   *     holds secrets
   */
  public static DockerConfig parse(byte[] json) {
    requireNonNull(json, "json");
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON (line " + e.getLocation().getLineNr()
          + ", column " + e.getLocation().getColumnNr() + ")");
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a JSON object with \"auths\"");
    }
    JsonNode authsNode = root.path("auths");
    if (!authsNode.isMissingNode() && !authsNode.isObject()) {
      throw new IllegalArgumentException("field auths: expected an object of registry to credentials");
    }
    Map<String, RegistryCredentials> auths = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : authsNode.properties()) {
      auths.put(e.getKey(), credentials(e.getKey(), e.getValue()));
    }
    return new DockerConfig(Map.copyOf(auths));
  }

  private static RegistryCredentials credentials(String registry, JsonNode entry) {
    if (!entry.isObject()) {
      throw new IllegalArgumentException("field auths." + registry + ": expected an object");
    }
    String username = text(entry, "username");
    String password = text(entry, "password");
    String auth = text(entry, "auth");
    if (!auth.isEmpty()) {
      // As the Docker CLI: "auth" (base64 of user:password) wins over username/password.
      String decoded;
      try {
        decoded = new String(Base64.getDecoder().decode(auth.trim()), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("field auths." + registry + ".auth: expected base64 of user:password");
      }
      int colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new IllegalArgumentException("field auths." + registry + ".auth: expected base64 of user:password");
      }
      username = decoded.substring(0, colon);
      password = decoded.substring(colon + 1);
    }
    String registryToken = text(entry, "registrytoken");
    if (!registryToken.isEmpty()) {
      return new RegistryCredentials.RegistryToken(registryToken);
    }
    String identityToken = text(entry, "identitytoken");
    if (!identityToken.isEmpty()) {
      return new RegistryCredentials.IdentityToken(username, identityToken);
    }
    if (username.isEmpty() && password.isEmpty()) {
      return RegistryCredentials.ANONYMOUS;
    }
    return new RegistryCredentials.Basic(username, password);
  }

  private static String text(JsonNode entry, String field) {
    JsonNode n = entry.get(field);
    return n == null || n.isNull() ? "" : n.asText();
  }

  /** The credentials for {@code registry} ({@code host[:port]}), anonymous when none is listed. */
  public RegistryCredentials credentialsFor(String registry) {
    String key = registry.equals(ImageReference.DOCKER_HUB) ? DOCKER_HUB_KEY : registry;
    RegistryCredentials exact = auths.get(key);
    if (exact != null) {
      return exact;
    }
    String host = hostname(key);
    for (Map.Entry<String, RegistryCredentials> e : auths.entrySet()) {
      if (hostname(e.getKey()).equals(host)) {
        return e.getValue();
      }
    }
    return RegistryCredentials.ANONYMOUS;
  }

  /** The Docker CLI's ConvertToHostname: no scheme, nothing after the first slash. */
  private static String hostname(String key) {
    String s = key;
    if (s.startsWith("http://")) {
      s = s.substring(7);
    } else if (s.startsWith("https://")) {
      s = s.substring(8);
    }
    int slash = s.indexOf('/');
    return (slash >= 0 ? s.substring(0, slash) : s).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "DockerConfig[registries=" + auths.keySet() + "]";
  }
}
