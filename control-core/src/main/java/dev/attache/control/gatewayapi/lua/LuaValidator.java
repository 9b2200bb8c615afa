package dev.attache.control.gatewayapi.lua;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.envoygateway.LuaValidationConfig;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Validates an EnvoyExtensionPolicy's Lua script as Envoy Gateway does before it lets the script
 * reach Envoy: it must define {@code envoy_on_request} or {@code envoy_on_response}, and each one
 * it defines is called on a mocked stream handle. The EnvoyProxy's {@code spec.lua.validationType}
 * (or the deprecated {@code spec.luaValidation}) chooses how: {@code Strict} (the default) runs
 * the script in a sandbox with a 5 s deadline, {@code InsecureSyntax} only loads it,
 * {@code Disabled} checks nothing further. Messages are Envoy Gateway's (gopher-lua's texts).
 *
 * <p>A validator remembers its outcomes; it belongs to one control plane (or one run), handed to
 * the translator in {@link dev.attache.control.gatewayapi.TranslatorSettings}, so a translation
 * under other settings never sees them.
 */
public final class LuaValidator {
  static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final String ON_REQUEST = "envoy_on_request";
  private static final String ON_RESPONSE = "envoy_on_response";

  /** A script's outcome is a function of its text and the settings, so translations reuse it. */
  private final Cache<Key, Optional<String>> results = Caffeine.newBuilder().maximumSize(1_000).build();

  /**
   * Runs stopped by the clock or the allocation budget may pass on a quieter machine, so they are
   * remembered for a minute only: long enough that one translation, which validates a script for
   * each route and gateway it reaches, pays for at most one timeout per script.
   */
  private final Cache<Key, Optional<String>> transientResults = Caffeine.newBuilder().maximumSize(1_000)
      .expireAfterWrite(Duration.ofMinutes(1)).build();

  private record Key(String code, Mode mode, ScriptAccess access) {}

  /** How far a script is checked. */
  enum Mode { STRICT, INSECURE_SYNTAX, DISABLED }

  private LuaValidator() {}

  /** A validator that remembers nothing yet. */
  public static LuaValidator create() {
    return new LuaValidator();
  }

  /** Why {@code code} is rejected under {@code proxy}'s settings (null proxy: defaults), if it is. */
  public Optional<String> validate(String code, EnvoyProxy proxy) {
    requireNonNull(code, "code");
    Mode mode = mode(proxy);
    ScriptAccess access = access(proxy);
    Key key = new Key(code, mode, access);
    Optional<String> cached = results.getIfPresent(key);
    if (cached == null) {
      cached = transientResults.getIfPresent(key);
    }
    if (cached != null) {
      return cached;
    }
    Optional<String> result = check(code, mode, access);
    boolean transientOutcome = result.map(r -> r.contains("lua execution timeout") || r.contains(LuaSandbox.OVER_BUDGET))
        .orElse(false);
    (transientOutcome ? transientResults : results).put(key, result);
    return result;
  }

  static Optional<String> check(String code, Mode mode, ScriptAccess access) {
    boolean onRequest = code.contains(ON_REQUEST);
    boolean onResponse = code.contains(ON_RESPONSE);
    if (!onRequest && !onResponse) {
      return Optional.of("expected one of " + ON_REQUEST + "() or " + ON_RESPONSE + "() to be defined");
    }
    for (String entry : List.of(ON_REQUEST, ON_RESPONSE)) {
      if (!code.contains(entry)) {
        continue;
      }
      String program = code + "\n" + entry + "(StreamHandle)";
      Optional<String> error = switch (mode) {
        case DISABLED -> Optional.empty();
        case INSECURE_SYNTAX -> LuaSyntax.check(program, LuaSandbox.CHUNK);
        case STRICT -> LuaSandbox.run(program, access, TIMEOUT);
      };
      if (error.isPresent()) {
        return Optional.of("failed to validate with " + entry + ": " + error.get());
      }
    }
    return Optional.empty();
  }

  static Mode mode(EnvoyProxy proxy) {
    String mode = null;
    if (proxy != null && proxy.spec() != null) {
      LuaValidationConfig lua = proxy.spec().lua();
      mode = lua != null && lua.validationType() != null ? lua.validationType() : proxy.spec().luaValidation();
    }
    if (mode == null) {
      return Mode.STRICT;
    }
    return switch (mode) {
      case "InsecureSyntax" -> Mode.INSECURE_SYNTAX;
      case "Disabled" -> Mode.DISABLED;
      default -> Mode.STRICT;
    };
  }

  static ScriptAccess access(EnvoyProxy proxy) {
    if (proxy == null || proxy.spec() == null || proxy.spec().lua() == null
        || proxy.spec().lua().strictValidation() == null) {
      return ScriptAccess.NONE;
    }
    var strict = proxy.spec().lua().strictValidation();
    return new ScriptAccess(strict.allowedPaths() == null ? List.of() : strict.allowedPaths(),
        strict.allowedEnvVars() == null ? Set.of() : Set.copyOf(strict.allowedEnvVars()));
  }
}
