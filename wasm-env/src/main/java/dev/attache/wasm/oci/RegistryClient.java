package dev.attache.wasm.oci;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.Deadline;
import dev.attache.wasm.fetch.FetchException;
import dev.attache.wasm.fetch.FetchException.Kind;
import dev.attache.wasm.fetch.HttpTransport;
import dev.attache.wasm.fetch.HttpTransport.Limit;
import dev.attache.wasm.fetch.HttpTransport.Outcome;
import dev.attache.wasm.fetch.HttpTransport.Response;
import dev.attache.wasm.fetch.Transports;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A client of the OCI distribution (registry v2) API, enough to pull: manifests and blobs, with
 * the Basic and Bearer token authentication flows. Tokens are kept per registry, repository and
 * credentials until they expire; they are never logged.
 */
public final class RegistryClient {
  /** Manifest media types a pull accepts, as go-containerregistry asks for them. */
  static final List<String> MANIFEST_TYPES = List.of(
      MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST, MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST);
  private static final long MANIFEST_LIMIT = 4L * 1024 * 1024;
  private static final long TOKEN_LIMIT = 1024 * 1024;
  private static final Pattern IPV4_LOCAL =
      Pattern.compile("^(127\\.|10\\.|192\\.168\\.|172\\.(1[6-9]|2\\d|3[01])\\.).*");
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Transports transports;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  public RegistryClient(Transports transports) {
    this.transports = requireNonNull(transports, "transports");
  }

  /** A manifest as the registry sent it, with the digest of exactly those bytes. */
  public record Manifest(byte[] bytes, String mediaType, Sha256 digest, JsonNode json) {}

  private record Token(String header, long expiresNanos) {
    boolean fresh() {
      return System.nanoTime() - expiresNanos < 0;
    }
  }

  /** Fetches the manifest {@code ref} names, checking it against the digest in {@code ref}. */
  public Manifest manifest(ImageReference ref, String reference, RegistryCredentials creds, byte[] caPem,
      Deadline deadline) throws FetchException {
    Session s = new Session(ref, creds, transports.forCa(caPem), deadline);
    Response r = s.get("/manifests/" + reference,
        Map.of("Accept", String.join(", ", MANIFEST_TYPES)), new Limit(MANIFEST_LIMIT, "manifest"), null);
    Sha256 digest = Sha256.of(r.body());
    if (reference.startsWith("sha256:") && !digest.ociDigest().equals(reference)) {
      throw new FetchException(Kind.INVALID_IMAGE, "manifest digest: \"" + digest.ociDigest()
          + "\" does not match requested digest: \"" + reference + "\" for \"" + ref + "\"");
    }
    JsonNode json;
    try {
      json = JSON.readTree(r.body());
    } catch (java.io.IOException e) {
      throw new FetchException(Kind.INVALID_IMAGE, "manifest of " + ref + " is not valid JSON");
    }
    if (json == null || !json.isObject()) {
      throw new FetchException(Kind.INVALID_IMAGE, "manifest of " + ref + " is not a JSON object");
    }
    String mediaType = json.path("mediaType").asText("");
    if (mediaType.isEmpty()) {
      String contentType = r.header("Content-Type");
      mediaType = contentType == null ? "" : contentType.split(";")[0].trim();
    }
    return new Manifest(r.body(), mediaType, digest, json);
  }

  /** Downloads a blob into {@code target}, checking it has the digest it is addressed by. */
  public void blob(ImageReference ref, Sha256 digest, Path target, Limit limit, RegistryCredentials creds,
      byte[] caPem, Deadline deadline) throws FetchException {
    Session s = new Session(ref, creds, transports.forCa(caPem), deadline);
    Response r = s.get("/blobs/" + digest.ociDigest(), Map.of(), limit, target);
    if (!r.sha256().equals(digest)) {
      throw new FetchException(Kind.INVALID_IMAGE, "error verifying sha256 checksum after reading "
          + r.size() + " bytes; got \"" + r.sha256().ociDigest() + "\", want \"" + digest.ociDigest() + "\"");
    }
  }

  /** The requests of one pull against one repository. */
  private final class Session {
    private final ImageReference ref;
    private final RegistryCredentials creds;
    private final HttpTransport transport;
    private final Deadline deadline;
    private final String tokenKey;
    private String scheme;

    Session(ImageReference ref, RegistryCredentials creds, HttpTransport transport, Deadline deadline) {
      this.ref = ref;
      this.creds = requireNonNull(creds, "creds");
      this.transport = transport;
      this.deadline = deadline;
      this.scheme = plainHttp(ref.registry(), transport) ? "http" : "https";
      this.tokenKey = ref.registry() + "/" + ref.repository() + "#" + creds.fingerprint();
    }

    Response get(String path, Map<String, String> headers, Limit limit, Path target) throws FetchException {
      Token token = tokens.get(tokenKey);
      String auth = token != null && token.fresh() ? token.header() : null;
      Response r = send(path, headers, limit, target, auth);
      if (r.status() == 401) {
        auth = authenticate(r);
        r = send(path, headers, limit, target, auth);
      }
      if (!r.ok()) {
        throw registryError("GET", r);
      }
      return r;
    }

    private Response send(String path, Map<String, String> headers, Limit limit, Path target, String auth)
        throws FetchException {
      Map<String, String> h = new LinkedHashMap<>(headers);
      if (auth != null) {
        h.put("Authorization", auth);
      }
      Outcome o = attempt(path, h, limit, target);
      if (o.failure() != null && scheme.equals("https") && speaksPlainHttp(o.failure())) {
        // As Envoy Gateway (after helm): a registry answering TLS with plain HTTP is retried over HTTP.
        scheme = "http";
        o = attempt(path, h, limit, target);
      }
      if (o.failure() != null) {
        throw o.failure();
      }
      return o.response();
    }

    private Outcome attempt(String path, Map<String, String> h, Limit limit, Path target) {
      URI uri = URI.create(scheme + "://" + ref.registry() + "/v2/" + ref.repository() + path);
      return transport.withRetries(deadline, () -> target == null
          ? transport.get(uri, h, limit, deadline)
          : transport.download(uri, h, target, limit, deadline));
    }

    /** Answers a 401 challenge: Basic credentials directly, or a token from the Bearer realm. */
    private String authenticate(Response unauthorized) throws FetchException {
      List<Challenge> challenges = Challenge.parse(unauthorized.headers().allValues("WWW-Authenticate"));
      Challenge bearer = challenges.stream().filter(c -> c.is("Bearer")).findFirst().orElse(null);
      Challenge basic = challenges.stream().filter(c -> c.is("Basic")).findFirst().orElse(null);
      String header;
      long ttlSeconds = 3600;
      if (bearer != null) {
        TokenGrant grant = bearerToken(bearer);
        header = "Bearer " + grant.token();
        ttlSeconds = grant.expiresIn();
      } else if (basic != null) {
        if (!(creds instanceof RegistryCredentials.Basic b)) {
          throw registryError("GET", unauthorized);
        }
        header = basicHeader(b);
      } else {
        throw registryError("GET", unauthorized);
      }
      // Renew a little before the registry would refuse the token.
      long ttlNanos = Math.max(1, ttlSeconds - Math.min(30, ttlSeconds / 10)) * 1_000_000_000L;
      tokens.put(tokenKey, new Token(header, System.nanoTime() + ttlNanos));
      return header;
    }

    private record TokenGrant(String token, long expiresIn) {}

    private TokenGrant bearerToken(Challenge c) throws FetchException {
      if (creds instanceof RegistryCredentials.RegistryToken t) {
        return new TokenGrant(t.token(), 60);
      }
      String realm = c.param("realm");
      if (realm == null || realm.isEmpty()) {
        throw new FetchException(Kind.UNAUTHORIZED, "registry " + ref.registry()
            + " asked for a bearer token without naming a realm");
      }
      URI realmUri;
      try {
        realmUri = URI.create(realm);
      } catch (IllegalArgumentException e) {
        throw new FetchException(Kind.UNAUTHORIZED, "registry " + ref.registry() + " named an invalid token realm");
      }
      String scope = c.param("scope") != null ? c.param("scope") : "repository:" + ref.repository() + ":pull";
      String service = c.param("service");
      Response r;
      if (creds instanceof RegistryCredentials.IdentityToken it) {
        StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=attache")
            .append("&scope=").append(enc(scope))
            .append("&refresh_token=").append(enc(it.token()));
        if (service != null) {
          form.append("&service=").append(enc(service));
        }
        Outcome o = transport.withRetries(deadline,
            () -> transport.postForm(realmUri, Map.of(), form.toString(), new Limit(TOKEN_LIMIT, "token response"), deadline));
        r = unwrap(o);
      } else {
        StringBuilder query = new StringBuilder();
        if (service != null) {
          query.append("service=").append(enc(service)).append('&');
        }
        query.append("scope=").append(enc(scope));
        URI tokenUri = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
        Map<String, String> h = creds instanceof RegistryCredentials.Basic b
            ? Map.of("Authorization", basicHeader(b)) : Map.of();
        Outcome o = transport.withRetries(deadline,
            () -> transport.get(tokenUri, h, new Limit(TOKEN_LIMIT, "token response"), deadline));
        r = unwrap(o);
      }
      if (!r.ok()) {
        throw registryError(creds instanceof RegistryCredentials.IdentityToken ? "POST" : "GET", r);
      }
      try {
        JsonNode json = JSON.readTree(r.body());
        String token = json.path("token").asText("");
        if (token.isEmpty()) {
          token = json.path("access_token").asText("");
        }
        if (token.isEmpty()) {
          throw new FetchException(Kind.UNAUTHORIZED, "token service " + HttpTransport.redact(realmUri)
              + " answered without a token");
        }
        long expiresIn = json.path("expires_in").asLong(60);
        return new TokenGrant(token, expiresIn > 0 ? expiresIn : 60);
      } catch (java.io.IOException e) {
        throw new FetchException(Kind.UNAUTHORIZED, "token service " + HttpTransport.redact(realmUri)
            + " answered with invalid JSON");
      }
    }

    private Response unwrap(Outcome o) throws FetchException {
      if (o.failure() != null) {
        throw o.failure();
      }
      return o.response();
    }
  }

  private static String basicHeader(RegistryCredentials.Basic b) {
    return "Basic " + Base64.getEncoder().encodeToString(
        (b.username() + ":" + b.password()).getBytes(StandardCharsets.UTF_8));
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * As go-containerregistry: plain HTTP for registries on loopback or private (RFC 1918)
   * addresses, and for those listed as insecure.
   */
  static boolean plainHttp(String registry, HttpTransport transport) {
    if (transport.settings().allowsPlainHttp(registry)) {
      return true;
    }
    String host = registry.startsWith("[") ? registry.substring(1, Math.max(1, registry.indexOf(']')))
        : registry.contains(":") ? registry.substring(0, registry.lastIndexOf(':')) : registry;
    host = host.toLowerCase(Locale.ROOT);
    return host.equals("localhost") || host.equals("::1")
        || (IPV4_LITERAL.matcher(host).matches() && IPV4_LOCAL.matcher(host).matches());
  }

  private static boolean speaksPlainHttp(FetchException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLException && t.getMessage() != null
          && t.getMessage().contains("Unsupported or unrecognized SSL message")) {
        return true;
      }
    }
    return false;
  }

  /**
   * A registry's error answer in go-containerregistry's words: {@code GET <url>: CODE: message},
   * or the status and (short) body when the registry sent no error document.
   */
  static FetchException registryError(String method, Response r) {
    String prefix = method + " " + HttpTransport.redact(r.uri()) + ": ";
    List<String> diagnostics = new ArrayList<>();
    try {
      JsonNode errors = JSON.readTree(r.body()).path("errors");
      for (JsonNode e : errors) {
        diagnostics.add(e.path("code").asText("") + ": " + e.path("message").asText(""));
      }
    } catch (java.io.IOException | RuntimeException ignored) {
      // not an error document; the status says enough
    }
    String what;
    if (diagnostics.size() == 1) {
      what = diagnostics.get(0);
    } else if (diagnostics.size() > 1) {
      what = "multiple errors returned: " + String.join("; ", diagnostics);
    } else {
      String body = r.bodyText().strip();
      if (body.length() > 200) {
        body = body.substring(0, 200) + "...";
      }
      what = "unexpected status code " + r.status() + " " + StatusText.of(r.status()) + (body.isEmpty() ? "" : ": " + body);
    }
    Kind kind = switch (r.status()) {
      case 401, 403 -> Kind.UNAUTHORIZED;
      case 404 -> Kind.INVALID_IMAGE;
      default -> r.status() >= 500 || r.status() == 429 ? Kind.UNREACHABLE : Kind.INVALID_IMAGE;
    };
    return new FetchException(kind, prefix + what);
  }
}
