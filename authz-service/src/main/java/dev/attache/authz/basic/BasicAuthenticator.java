package dev.attache.authz.basic;

import dev.attache.authz.policy.BasicAuthSpec;
import dev.attache.authz.request.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * {@code spec.basicAuth} as Envoy's basic_auth filter applies it: {@code Authorization: Basic
 * base64(user:password)} checked against the htpasswd users. Every failure is a 401 carrying
 * {@code www-authenticate: Basic realm="<original uri>"}; the messages are Envoy's.
 */
public final class BasicAuthenticator {
  private final BasicAuthSpec spec;

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
    if (!spec.users().verify(user, decoded.substring(colon + 1))) {
      return new Result.Failed(false, "User authentication failed. Invalid username/password combination.");
    }
    return new Result.User(user);
  }

  /** Envoy decodes without requiring padding. */
  private static String pad(String b64) {
    int rem = b64.length() % 4;
    return rem == 0 ? b64 : b64 + "=".repeat(4 - rem);
  }
}
