package dev.attache.authz.policy;

/**
 * A field of a policy document is wrong. Carries the field path ({@code spec.jwt.providers[0].name})
 * so the loader can name the file, the object and the field; the message never quotes secret values.
 */
final class FieldException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String path;

  FieldException(String path, String message) {
    super(message, null, false, false);
    this.path = path;
  }

  String path() {
    return path;
  }
}
