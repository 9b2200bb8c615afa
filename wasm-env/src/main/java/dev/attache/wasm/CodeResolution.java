package dev.attache.wasm;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.fetch.FetchException;

/**
 * The outcome of resolving one {@code spec.wasm[i].code} for a gateway: what the translator puts
 * in the filter config, and what the policy's status should say.
 */
public sealed interface CodeResolution {

  /** The module is verified, cached and published for the gateway. */
  record Served(HttpWasmCode code) implements CodeResolution {
    public Served {
      requireNonNull(code, "code");
    }
  }

  /**
   * The source could not be checked again; the module fetched earlier is still published.
   * {@code problem} is for a warning condition on the policy.
   */
  record Stale(HttpWasmCode code, FetchException.Kind kind, String problem) implements CodeResolution {
    public Stale {
      requireNonNull(code, "code");
      requireNonNull(kind, "kind");
      requireNonNull(problem, "problem");
    }
  }

  /**
   * No module can be served. {@code message} is Envoy Gateway's error text, which the policy's
   * status condition carries ({@link dev.attache.wasm.status.WasmStatus#invalid}).
   */
  record Failed(FetchException.Kind kind, String message) implements CodeResolution {
    public Failed {
      requireNonNull(kind, "kind");
      requireNonNull(message, "message");
    }
  }
}
