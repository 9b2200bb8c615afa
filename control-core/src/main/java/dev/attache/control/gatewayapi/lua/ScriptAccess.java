package dev.attache.control.gatewayapi.lua;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What a script may touch while it is validated, as Envoy Gateway's strict sandbox allows: files
 * under the EnvoyProxy's {@code spec.lua.strictValidation.allowedPaths} (never under the system
 * and secret paths, never through {@code .} or {@code ..} segments, symlinks resolved first)
 * and the environment variables in {@code allowedEnvVars}. Nothing by default.
 */
record ScriptAccess(List<String> allowedPaths, Set<String> allowedEnvVars) {
  static final ScriptAccess NONE = new ScriptAccess(List.of(), Set.of());
  private static final List<String> DENIED = List.of("/etc", "/proc", "/sys", "/certs", "/var/run/secrets", "/run/secrets");

  ScriptAccess {
    allowedPaths = List.copyOf(allowedPaths);
    allowedEnvVars = Set.copyOf(allowedEnvVars);
  }

  /** Fails with Envoy Gateway's message unless {@code function} may use {@code path}. */
  void checkPath(String function, String path) {
    if (hasTraversal(path)) {
      throw new GopherLuaError("path traversals are restricted for security");
    }
    String resolved = resolve(path);
    if (DENIED.stream().anyMatch(d -> within(resolved, resolve(d)))) {
      throw new GopherLuaError(function + " restricted for param " + path + " (protected system path)");
    }
    boolean allowed = allowedPaths.stream()
        .filter(a -> !normalize(a).isEmpty())
        .anyMatch(a -> within(resolved, resolve(a)));
    if (!allowed) {
      throw new GopherLuaError(function + " restricted for param " + path);
    }
  }

  /** Fails with Envoy Gateway's message unless {@code function} may use {@code name}. */
  void checkEnvVar(String function, String name, String shown) {
    if (name == null || !allowedEnvVars.contains(name)) {
      throw new GopherLuaError(function + " restricted for param " + shown);
    }
  }

  private static boolean within(String path, String root) {
    return path.equals(root) || path.startsWith(root + "/");
  }

  private static boolean hasTraversal(String path) {
    for (String segment : (path.replace('\\', '/') + "/").split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        return true;
      }
    }
    return false;
  }

  /** Separators made {@code /} and collapsed, made absolute, trailing {@code /} dropped. */
  static String normalize(String path) {
    String p = path.replace('\\', '/').replaceAll("/+", "/");
    if (!p.startsWith("/")) {
      p = "/" + p;
    }
    return p.replaceAll("/+$", "");
  }

  /** The normalized path with symlinks resolved through its longest existing ancestor. */
  static String resolve(String path) {
    String normalized = normalize(path);
    Path p = Path.of(normalized.isEmpty() ? "/" : normalized);
    Path tail = null;
    for (Path cur = p; cur != null; cur = cur.getParent()) {
      try {
        Path real = cur.toRealPath();
        Path full = tail == null ? real : real.resolve(tail);
        return normalize(full.toString());
      } catch (IOException | SecurityException e) {
        Path name = cur.getFileName();
        if (name == null) {
          break;
        }
        tail = tail == null ? name : name.resolve(tail);
      }
    }
    return normalized;
  }
}
