package dev.attache.wasm.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A registry token service (the Docker token authentication flow) on 127.0.0.1: it checks Basic
 * credentials and answers with a JWT the registry trusts, signed by a key whose self-signed
 * certificate the registry has as its root bundle.
 *
 * <p>{@code token-signer.p12} is a test-only key made once with {@code keytool -genkeypair -alias
 * token -keyalg RSA -keysize 2048 -validity 36500 -dname CN=attache-test-token-signer -storetype
 * PKCS12 -storepass changeit}; it is committed so the tests need not start keytool's JVM.
 */
public final class TokenServer implements AutoCloseable {
  public static final String SERVICE = "attache-test-registry";
  public static final String ISSUER = "attache-test-token-issuer";

  private final HttpServer http;
  private final PrivateKey key;
  private final X509Certificate cert;
  private final String user;
  private final String password;
  private final AtomicInteger issued = new AtomicInteger();
  private final AtomicInteger refused = new AtomicInteger();

  private TokenServer(String user, String password) throws Exception {
    this.user = user;
    this.password = password;
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = TokenServer.class.getResourceAsStream("token-signer.p12")) {
      store.load(in, "changeit".toCharArray());
    }
    this.key = (PrivateKey) store.getKey("token", "changeit".toCharArray());
    this.cert = (X509Certificate) store.getCertificate("token");
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    http.createContext("/token", this::token);
    http.start();
  }

  public static TokenServer start(String user, String password) {
    try {
      return new TokenServer(user, password);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test token server: " + e, e);
    }
  }

  public URI realm() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/token");
  }

  /** The certificate the registry verifies tokens with, as PEM. */
  public String rootCertPem() {
    try {
      return "-----BEGIN CERTIFICATE-----\n"
          + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
          + "\n-----END CERTIFICATE-----\n";
    } catch (java.security.cert.CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  public int issued() {
    return issued.get();
  }

  public int refused() {
    return refused.get();
  }

  private void token(HttpExchange ex) throws IOException {
    try (ex) {
      String expected = "Basic " + java.util.Base64.getEncoder()
          .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
      if (!expected.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
        refused.incrementAndGet();
        byte[] body = "{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"invalid credentials\"}]}"
            .getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(401, body.length);
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
        return;
      }
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      List<Object> access = new ArrayList<>();
      for (String scope : query.getOrDefault("scope", "").split(" ")) {
        String[] parts = scope.split(":");
        if (parts.length == 3) {
          Map<String, Object> grant = new LinkedHashMap<>();
          grant.put("type", parts[0]);
          grant.put("name", parts[1]);
          grant.put("actions", List.of(parts[2].split(",")));
          access.add(grant);
        }
      }
      Instant now = Instant.now();
      JWTClaimsSet claims = new JWTClaimsSet.Builder()
          .issuer(ISSUER).subject(user).audience(query.get("service"))
          .issueTime(Date.from(now.minusSeconds(5))).notBeforeTime(Date.from(now.minusSeconds(5)))
          .expirationTime(Date.from(now.plusSeconds(300))).jwtID(UUID.randomUUID().toString())
          .claim("access", access).build();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
          .x509CertChain(List.of(Base64.encode(cert.getEncoded()))).build(), claims);
      jwt.sign(new RSASSASigner(key));
      byte[] body = ("{\"token\":\"" + jwt.serialize() + "\",\"expires_in\":300}").getBytes(StandardCharsets.UTF_8);
      issued.incrementAndGet();
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    } catch (Exception e) {
      if (e instanceof IOException io) {
        throw io;
      }
      throw new UncheckedIOException(new IOException(e));
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return q;
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
