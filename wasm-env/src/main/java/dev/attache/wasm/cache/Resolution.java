package dev.attache.wasm.cache;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.fetch.FetchException;

/** What the cache made of a {@link ModuleRequest}. */
public sealed interface Resolution {

  /** The verified module, fetched now or found in the cache. */
  record Ready(StoredModule module, String originalUrl) implements Resolution {
    public Ready {
      requireNonNull(module, "module");
      requireNonNull(originalUrl, "originalUrl");
    }
  }

  /**
   * The source could not be checked again, so the module fetched earlier is still served;
   * {@code problem} says why, for a status condition.
   */
  record Stale(StoredModule module, String originalUrl, FetchException.Kind kind, String problem)
      implements Resolution {
    public Stale {
      requireNonNull(module, "module");
      requireNonNull(originalUrl, "originalUrl");
      requireNonNull(kind, "kind");
      requireNonNull(problem, "problem");
    }
  }

  /** Nothing can be served; {@code message} is Envoy Gateway's error text for the status. */
  record Failed(FetchException.Kind kind, String message) implements Resolution {
    public Failed {
      requireNonNull(kind, "kind");
      requireNonNull(message, "message");
    }
  }
}
