package dev.attache.wasm.cache;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.cache.ModuleSource.Http;
import dev.attache.wasm.cache.ModuleSource.Image;
import dev.attache.wasm.cache.Resolution.Failed;
import dev.attache.wasm.cache.Resolution.Ready;
import dev.attache.wasm.cache.Resolution.Stale;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.Deadline;
import dev.attache.wasm.fetch.FetchException;
import dev.attache.wasm.fetch.FetchException.Kind;
import dev.attache.wasm.fetch.FetchedModule;
import dev.attache.wasm.fetch.HttpModuleFetcher;
import dev.attache.wasm.fetch.ModuleFiles;
import dev.attache.wasm.fetch.Transports;
import dev.attache.wasm.fetch.WasmBinary;
import dev.attache.wasm.oci.ImageFetcher;
import dev.attache.wasm.oci.ImageFetcher.ImagePull;
import dev.attache.wasm.oci.RegistryClient;
import dev.attache.wasm.oci.RegistryCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envoy Gateway's Wasm module cache: turns a policy's Wasm code source into a verified module on
 * disk, fetching it only when needed.
 *
 * <ul>
 *   <li>With a sha256 the module is looked up by source and digest; a module whose bytes (or, for
 *       an image, whose manifest) do not have that digest is never admitted.
 *   <li>Without one, the last module fetched from the same URL is used, unless the pull policy is
 *       Always and the policy's resource version changed; then the source is checked again, and
 *       if it cannot be reached the cached module keeps being served ({@link Stale}).
 *   <li>A module from a private image is handed only to requests whose pull secret the registry
 *       accepts (checked, then remembered for {@link CacheSettings#permissionExpiry()}).
 *   <li>A source that failed more than {@link CacheSettings#maxFailedAttempts()} times in a row
 *       is not tried again for {@link CacheSettings#failedAttemptResetDelay()}.
 * </ul>
 *
 * <p>Requests for the same source are serialized; different sources are fetched in parallel.
 */
public final class ModuleCache {
  private static final Logger log = LoggerFactory.getLogger(ModuleCache.class);

  private final CacheSettings settings;
  private final ModuleStore store;
  private final HttpModuleFetcher httpFetcher;
  private final ImageFetcher imageFetcher;
  private final CacheMetrics metrics;
  private final Map<SourceKey, Entry> modules = new ConcurrentHashMap<>();
  private final Map<String, Latest> latest = new ConcurrentHashMap<>();
  private final Map<String, Permission> permissions = new ConcurrentHashMap<>();
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final List<Consumer<StoredModule>> evictionListeners = new CopyOnWriteArrayList<>();

  /** A module's identity: its source name and the digest the source is known by. */
  private record SourceKey(String name, Sha256 checksum) {}

  /** What the cache knows of a module it fetched. */
  private record Entry(Sha256 wasm, boolean isPrivate) {}

  /** The digest last fetched from a download URL, and the resource versions that asked for it. */
  private record Latest(Sha256 checksum, Map<String, String> versionByResource) {}

  private record Permission(boolean allowed, long checkedNanos) {}

  private record Failures(int count, long lastNanos) {}

  private ModuleCache(CacheSettings settings, MeterRegistry registry) throws IOException {
    this.settings = settings;
    this.store = ModuleStore.open(settings.dir(), settings.maxBytes(), this::evicted);
    Transports transports = new Transports(settings.fetch());
    this.httpFetcher = new HttpModuleFetcher(transports);
    this.imageFetcher = new ImageFetcher(new RegistryClient(transports), settings.fetch().maxModuleBytes());
    this.metrics = new CacheMetrics(registry, store);
  }

  /** Opens the cache in {@code settings.dir()}, clearing what an earlier process left there. */
  public static ModuleCache open(CacheSettings settings, MeterRegistry registry) throws IOException {
    requireNonNull(settings, "settings");
    requireNonNull(registry, "registry");
    return new ModuleCache(settings, registry);
  }

  public ModuleStore store() {
    return store;
  }

  public CacheSettings settings() {
    return settings;
  }

  /** Tells {@code listener} about every evicted module (the server forgets its paths). */
  public void onEviction(Consumer<StoredModule> listener) {
    evictionListeners.add(requireNonNull(listener, "listener"));
  }

  /**
   * Finds or fetches the module {@code request} names. Blocks while fetching, at most
   * {@link dev.attache.wasm.fetch.FetchSettings#pullTimeout()}.
   */
  public Resolution resolve(ModuleRequest request) {
    requireNonNull(request, "request");
    ModuleSource source = request.source();
    ReentrantLock lock = locks.computeIfAbsent(source.name(), k -> new ReentrantLock());
    lock.lock();
    try {
      return resolveLocked(request);
    } finally {
      lock.unlock();
    }
  }

  private Resolution resolveLocked(ModuleRequest request) {
    ModuleSource source = request.source();
    String url = source.downloadUrl();
    String shown = Redaction.url(url);
    Sha256 expected = expectedChecksum(request);
    Deadline deadline = Deadline.after(settings.fetch().pullTimeout());

    Hit hit = lookup(request, expected);
    metrics.lookup(hit != null);
    if (hit != null) {
      if (hit.entry().isPrivate() && source instanceof Image image) {
        Resolution denied = checkPermission(image, request, hit, deadline);
        if (denied != null) {
          return denied;
        }
      }
      remember(url, hit.checksum(), request);
      return new Ready(hit.module(), url);
    }

    Hit previous = expected == null ? latestFor(url, source) : null;
    Failures f = failures.get(url);
    if (f != null && f.count() > settings.maxFailedAttempts()) {
      if (System.nanoTime() - f.lastNanos() < settings.failedAttemptResetDelay().toNanos()) {
        String msg = "failed to get Wasm module " + shown + " after " + settings.maxFailedAttempts() + " attempts";
        if (previous != null) {
          metrics.servedStale();
          return new Stale(previous.module(), url, Kind.UNREACHABLE, msg);
        }
        return new Failed(Kind.UNREACHABLE, msg);
      }
      failures.remove(url);
    }

    try {
      Ready ready = fetch(request, expected, deadline);
      failures.remove(url);
      metrics.fetched();
      return ready;
    } catch (FetchException e) {
      metrics.fetchFailed(e.kind());
      failures.merge(url, new Failures(1, System.nanoTime()),
          (a, b) -> new Failures(a.count() + 1, b.lastNanos()));
      if (previous != null && e.kind() == Kind.UNREACHABLE) {
        metrics.servedStale();
        log.warn("Wasm module source {} could not be checked again; serving the cached module {}: {}",
            shown, previous.module().sha256(), e.getMessage());
        return new Stale(previous.module(), url, e.kind(), e.getMessage());
      }
      log.warn("Wasm module {} for {} failed: {}", shown, request.resourceName(), e.getMessage());
      return new Failed(e.kind(), e.getMessage());
    }
  }

  private record Hit(StoredModule module, Entry entry, Sha256 checksum) {}

  /** The checksum the policy demands: its sha256, or the digest in an image reference. */
  private static Sha256 expectedChecksum(ModuleRequest request) {
    if (request.sha256() != null) {
      return request.sha256();
    }
    return request.source() instanceof Image image ? image.reference().digest() : null;
  }

  private Hit lookup(ModuleRequest request, Sha256 expected) {
    ModuleSource source = request.source();
    if (expected != null) {
      return present(source.name(), expected);
    }
    Latest last = latest.get(source.downloadUrl());
    if (last == null) {
      return null;
    }
    boolean pullAgain = effective(request) == PullPolicy.ALWAYS
        && !request.resourceVersion().equals(last.versionByResource().get(request.resourceName()));
    return pullAgain ? null : present(source.name(), last.checksum());
  }

  private Hit latestFor(String url, ModuleSource source) {
    Latest last = latest.get(url);
    return last == null ? null : present(source.name(), last.checksum());
  }

  private Hit present(String name, Sha256 checksum) {
    Entry e = modules.get(new SourceKey(name, checksum));
    if (e == null) {
      return null;
    }
    return store.use(e.wasm()).map(m -> new Hit(m, e, checksum)).orElse(null);
  }

  /** As Envoy Gateway: an unspecified policy is Always for an image tagged latest. */
  private static PullPolicy effective(ModuleRequest request) {
    if (request.pullPolicy() != PullPolicy.UNSPECIFIED) {
      return request.pullPolicy();
    }
    return request.source() instanceof Image image && image.reference().latestTag()
        ? PullPolicy.ALWAYS : PullPolicy.IF_NOT_PRESENT;
  }

  private void remember(String url, Sha256 checksum, ModuleRequest request) {
    latest.compute(url, (k, old) -> {
      Map<String, String> versions = new ConcurrentHashMap<>();
      if (old != null) {
        versions.putAll(old.versionByResource());
      }
      versions.put(request.resourceName(), request.resourceVersion());
      return new Latest(checksum, versions);
    });
  }

  private Ready fetch(ModuleRequest request, Sha256 expected, Deadline deadline) throws FetchException {
    return switch (request.source()) {
      case Http http -> {
        FetchedModule f = httpFetcher.fetch(http.url(), request.caCertificate(), store.tmpDir(), deadline);
        try {
          if (expected != null && !expected.equals(f.sha256())) {
            throw mismatch(http.downloadUrl(), f.sha256(), expected);
          }
          yield admit(request, f.sha256(), f, false);
        } finally {
          ModuleFiles.deleteQuietly(f.file());
        }
      }
      case Image image -> {
        RegistryCredentials creds = credentials(image);
        boolean isPrivate = image.pullSecret() != null;
        ImagePull pull;
        try {
          pull = imageFetcher.prepare(image.reference(), creds, request.caCertificate(), deadline);
        } catch (FetchException e) {
          throw e.wrap("could not fetch Wasm OCI image");
        }
        if (isPrivate) {
          permissions.put(permissionKey(image, creds), new Permission(true, System.nanoTime()));
        }
        Sha256 digest = pull.digest();
        if (expected != null && !expected.equals(digest)) {
          throw mismatch(image.downloadUrl(), digest, expected);
        }
        Hit same = present(image.name(), digest);
        if (same != null) {
          // Another tag (or an earlier pull) of the same image: the layer need not be downloaded again.
          remember(image.downloadUrl(), digest, request);
          yield new Ready(same.module(), image.downloadUrl());
        }
        FetchedModule f;
        try {
          f = pull.fetchWasm(store.tmpDir());
        } catch (FetchException e) {
          throw e.wrap("could not fetch Wasm binary");
        }
        try {
          yield admit(request, digest, f, isPrivate);
        } finally {
          ModuleFiles.deleteQuietly(f.file());
        }
      }
    };
  }

  /** Checks the bytes are Wasm and moves them into the store: the only way a module gets served. */
  private Ready admit(ModuleRequest request, Sha256 checksum, FetchedModule f, boolean isPrivate)
      throws FetchException {
    String url = request.source().downloadUrl();
    try {
      if (!WasmBinary.isWasm(f.file())) {
        throw new FetchException(Kind.INVALID_MODULE, "fetched Wasm binary from " + Redaction.url(url) + " is invalid");
      }
      StoredModule stored = store.admit(f);
      modules.put(new SourceKey(request.source().name(), checksum), new Entry(stored.sha256(), isPrivate));
      remember(url, checksum, request);
      log.info("fetched Wasm module {} ({} bytes, sha256 {}) for {}",
          Redaction.url(url), stored.size(), stored.sha256(), request.resourceName());
      return new Ready(stored, url);
    } catch (CacheFullException e) {
      throw new FetchException(Kind.TOO_LARGE, e.getMessage(), e);
    } catch (IOException e) {
      throw new FetchException(Kind.UNREACHABLE, "cannot store the Wasm module in the cache: " + e.getMessage(), e);
    }
  }

  /**
   * Whether this request's pull secret opens the private image a cached module came from; null
   * when it does, else what to answer instead.
   */
  private Resolution checkPermission(Image image, ModuleRequest request, Hit hit, Deadline deadline) {
    RegistryCredentials creds;
    try {
      creds = credentials(image);
    } catch (FetchException e) {
      return new Failed(e.kind(), e.getMessage());
    }
    String key = permissionKey(image, creds);
    Permission known = permissions.get(key);
    if (known != null && known.allowed()
        && System.nanoTime() - known.checkedNanos() < settings.permissionExpiry().toNanos()) {
      return null;
    }
    try {
      imageFetcher.prepare(image.reference(), creds, request.caCertificate(), deadline);
      permissions.put(key, new Permission(true, System.nanoTime()));
      return null;
    } catch (FetchException e) {
      FetchException wrapped = e.wrap("could not fetch Wasm OCI image");
      if (e.kind() == Kind.UNREACHABLE && known != null && known.allowed()) {
        metrics.servedStale();
        return new Stale(hit.module(), image.downloadUrl(), e.kind(), wrapped.getMessage());
      }
      permissions.remove(key);
      return new Failed(wrapped.kind(), wrapped.getMessage());
    }
  }

  private static RegistryCredentials credentials(Image image) throws FetchException {
    if (image.pullSecret() == null) {
      return RegistryCredentials.ANONYMOUS;
    }
    if (image.pullSecret().problem() != null) {
      throw new FetchException(Kind.UNAUTHORIZED, "failed to read the pull secret: " + image.pullSecret().problem());
    }
    return image.pullSecret().credentialsFor(image.reference().registry());
  }

  private static String permissionKey(Image image, RegistryCredentials creds) {
    return image.name() + "#" + creds.fingerprint();
  }

  private static FetchException mismatch(String url, Sha256 actual, Sha256 expected) {
    return new FetchException(Kind.CHECKSUM_MISMATCH, "module downloaded from " + Redaction.url(url)
        + " has checksum " + actual + ", which does not match: " + expected);
  }

  private void evicted(StoredModule gone) {
    modules.values().removeIf(e -> e.wasm().equals(gone.sha256()));
    for (Consumer<StoredModule> l : evictionListeners) {
      l.accept(gone);
    }
  }
}
