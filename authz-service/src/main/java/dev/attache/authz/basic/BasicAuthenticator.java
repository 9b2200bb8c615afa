package dev.attache.authz.basic;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.attache.authz.policy.BasicAuthSpec;
import dev.attache.authz.request.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code spec.basicAuth} as Envoy's basic_auth filter applies it: {@code Authorization: Basic
 * base64(user:password)} checked against the htpasswd users. Every failure is a 401 carrying
 * {@code www-authenticate: Basic realm="<original uri>"}; the messages are Envoy's.
 *
 * <p>A bcrypt check costs milliseconds of CPU by design, so a user's successful checks are
 * remembered for a minute under an HMAC of the credentials keyed with a random per-process key;
 * neither the password nor a plain hash of it is kept.
 */
public final class BasicAuthenticator {
  private static final Duration REMEMBER = Duration.ofMinutes(1);
  private static final byte[] PROCESS_KEY = randomKey();

  private final BasicAuthSpec spec;
  private final Cache<String, String> recent = Caffeine.newBuilder()
      .maximumSize(10_000).expireAfterWrite(REMEMBER).build();

  /** What checking a request gave. */
  public sealed interface Result {
    /** The credentials of {@code user} are right. */
    record User(String user) implements Result {}

    /** No usable credentials, or wrong ones. */
    record Failed(boolean missing, String message) implements Result {}
  }

  public BasicAuthenticator(BasicAuthSpec spec) {
    this.spec = spec;
  }

  public BasicAuthSpec spec() {
    return spec;
  }

  public Result check(HttpRequest request) {
    String auth = request.header("authorization");
    if (auth == null) {
      return new Result.Failed(true, "User authentication failed. Missing username and password.");
    }
    if (!auth.startsWith("Basic ")) {
      return new Result.Failed(false, "User authentication failed. Expected 'Basic' authentication scheme.");
    }
    String decoded;
    try {
      String b64 = auth.substring(6).strip();
      decoded = new String(Base64.getDecoder().decode(pad(b64)), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      decoded = "";
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return new Result.Failed(false, "User authentication failed. Invalid basic credential format.");
    }
    String user = decoded.substring(0, colon);
    String remembered = mac(decoded);
    if (recent.getIfPresent(remembered) == null) {
      if (!spec.users().verify(user, decoded.substring(colon + 1))) {
        return new Result.Failed(false, "User authentication failed. Invalid username/password combination.");
      }
      recent.put(remembered, user);
    }
    return new Result.User(user);
  }

  private static String mac(String credentials) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(PROCESS_KEY, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(credentials.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  /** Envoy decodes without requiring padding. */
  private static String pad(String b64) {
    int rem = b64.length() % 4;
    return rem == 0 ? b64 : b64 + "=".repeat(4 - rem);
  }
}
