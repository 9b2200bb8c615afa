package dev.attache.authz.testing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Small builders for the YAML objects tests load. */
public final class Yaml {
  private Yaml() {}

  public static String secret(String name, String key, String value) {
    return """
        ---
        apiVersion: v1
        kind: Secret
        metadata:
          name: %s
          namespace: default
        type: Opaque
        data:
          "%s": %s
        """.formatted(name, key, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)));
  }

  /** Indents every line of {@code text} by {@code n} spaces. */
  public static String indent(String text, int n) {
    return text.indent(n);
  }
}
