package dev.attache.wasm.cache;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.FetchedModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache directory: verified modules stored under their sha256, bounded in total size, the
 * least recently used evicted first. A module enters only through {@link #admit}, which moves a
 * complete temporary file into place atomically, so a reader never sees a partial module.
 *
 * <p>Layout: {@code modules/<sha256>.wasm} and {@code tmp/} for pulls in progress. The index is
 * in memory; what a previous process left behind is removed when the store opens, because
 * knowing a module's bytes must never stand in for the right to fetch it from its source.
 */
public final class ModuleStore {
  private static final Logger log = LoggerFactory.getLogger(ModuleStore.class);

  private final Path modules;
  private final Path tmp;
  private final long maxBytes;
  private final Consumer<StoredModule> onEvict;
  /** Access-ordered: iteration starts at the least recently used module. */
  private final LinkedHashMap<Sha256, StoredModule> lru = new LinkedHashMap<>(16, 0.75f, true);
  private long totalBytes;
  private long evictions;

  private ModuleStore(Path dir, long maxBytes, Consumer<StoredModule> onEvict) throws IOException {
    this.modules = dir.resolve("modules");
    this.tmp = dir.resolve("tmp");
    this.maxBytes = maxBytes;
    this.onEvict = onEvict;
    Files.createDirectories(modules);
    Files.createDirectories(tmp);
    sweep(modules, "*.wasm");
    sweep(tmp, "*.part");
  }

  /**
   * Opens (creating if needed) the store in {@code dir}.
   *
   * @param onEvict told about every module evicted, after its file is gone
   */
  public static ModuleStore open(Path dir, long maxBytes, Consumer<StoredModule> onEvict) throws IOException {
    requireNonNull(dir, "dir");
    requireNonNull(onEvict, "onEvict");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes: " + maxBytes + " (expected: > 0)");
    }
    return new ModuleStore(dir, maxBytes, onEvict);
  }

  /** Where pulls write their temporary files: the same file system, so moves are atomic. */
  public Path tmpDir() {
    return tmp;
  }

  public long maxBytes() {
    return maxBytes;
  }

  /**
   * Moves a fetched, verified module into the store (or drops the copy if the store already has
   * those bytes) and evicts least recently used modules until the total fits.
   *
   * @throws CacheFullException when the module alone is larger than the store
   */
  public StoredModule admit(FetchedModule verified) throws CacheFullException, IOException {
    requireNonNull(verified, "verified");
    List<StoredModule> evicted = new ArrayList<>();
    StoredModule stored;
    synchronized (this) {
      StoredModule existing = lru.get(verified.sha256());
      if (existing != null) {
        Files.deleteIfExists(verified.file());
        return existing;
      }
      if (verified.size() > maxBytes) {
        Files.deleteIfExists(verified.file());
        throw new CacheFullException(maxBytes);
      }
      Path target = modules.resolve(verified.sha256().hex() + ".wasm");
      move(verified.file(), target);
      stored = new StoredModule(verified.sha256(), target, verified.size());
      lru.put(stored.sha256(), stored);
      totalBytes += stored.size();
      Iterator<StoredModule> it = lru.values().iterator();
      while (totalBytes > maxBytes && it.hasNext()) {
        StoredModule victim = it.next();
        if (victim.sha256().equals(stored.sha256())) {
          continue;
        }
        it.remove();
        totalBytes -= victim.size();
        evictions++;
        evicted.add(victim);
        // An open download keeps reading the unlinked file; new requests get 404.
        Files.deleteIfExists(victim.file());
      }
    }
    for (StoredModule victim : evicted) {
      log.info("evicted Wasm module {} ({} bytes) to keep the cache under {} bytes",
          victim.sha256(), victim.size(), maxBytes);
      onEvict.accept(victim);
    }
    return stored;
  }

  /** The module with these bytes, marking it used; empty if it was never admitted or was evicted. */
  public synchronized Optional<StoredModule> use(Sha256 sha256) {
    return Optional.ofNullable(lru.get(sha256));
  }

  public synchronized boolean contains(Sha256 sha256) {
    return lru.containsKey(sha256);
  }

  public synchronized int count() {
    return lru.size();
  }

  public synchronized long totalBytes() {
    return totalBytes;
  }

  public synchronized long evictions() {
    return evictions;
  }

  /** The modules from least to most recently used (a copy). */
  public synchronized List<StoredModule> snapshot() {
    return List.copyOf(new ArrayList<>(lru.values()));
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the module cache needs a file system with atomic renames: " + to.getParent(), e);
    }
  }

  private static void sweep(Path dir, String glob) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, glob)) {
      for (Path f : files) {
        Files.deleteIfExists(f);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  @Override
  public synchronized String toString() {
    Map<String, Long> view = new LinkedHashMap<>();
    lru.forEach((k, v) -> view.put(k.hex(), v.size()));
    return "ModuleStore" + view;
  }
}
