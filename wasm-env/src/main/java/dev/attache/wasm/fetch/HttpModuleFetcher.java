package dev.attache.wasm.fetch;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.fetch.FetchException.Kind;
import dev.attache.wasm.fetch.HttpTransport.Limit;
import dev.attache.wasm.fetch.HttpTransport.Outcome;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Downloads a module from an HTTP(S) URL into a temporary file, retrying as Envoy Gateway does and
 * unwrapping a gzip or tar wrapper. Nothing here decides whether the result may be served.
 */
public final class HttpModuleFetcher {
  private final Transports transports;

  public HttpModuleFetcher(Transports transports) {
    this.transports = requireNonNull(transports, "transports");
  }

  /**
   * Fetches {@code url} into a new file under {@code tmpDir}.
   *
   * @param caPem a PEM CA bundle to trust instead of the platform's, or null
   */
  public FetchedModule fetch(URI url, byte[] caPem, Path tmpDir, Deadline deadline) throws FetchException {
    requireNonNull(url, "url");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new FetchException(Kind.INVALID_SOURCE, "unsupported Wasm module downloading URL scheme: " + scheme);
    }
    HttpTransport transport = transports.forCa(caPem);
    long max = transport.settings().maxModuleBytes();
    Path part = ModuleFiles.createPart(tmpDir);
    boolean kept = false;
    try {
      Outcome outcome = transport.withRetries(deadline,
          () -> transport.download(url, Map.of(), part, Limit.module(max), deadline));
      if (outcome.failure() != null) {
        if (outcome.failure().kind() != Kind.UNREACHABLE) {
          throw outcome.failure();
        }
        throw failedAfter(outcome.attempts(), outcome.failure().getMessage(), outcome.failure());
      }
      HttpTransport.Response r = outcome.response();
      if (!r.ok()) {
        throw failedAfter(outcome.attempts(),
            "wasm module download request failed: status code " + r.status(), null);
      }
      FetchedModule unboxed = Unboxing.unbox(new FetchedModule(part, r.sha256(), r.size()), tmpDir, max);
      kept = true;
      return unboxed;
    } finally {
      if (!kept) {
        ModuleFiles.deleteQuietly(part);
      }
    }
  }

  private static FetchException failedAfter(int attempts, String last, Throwable cause) {
    return new FetchException(Kind.UNREACHABLE,
        "wasm module download failed after " + attempts + " attempts, last error: " + last, cause);
  }
}
