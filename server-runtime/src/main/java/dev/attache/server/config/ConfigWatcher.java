package dev.attache.server.config;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a configuration file or a directory of them and keeps the last configuration that
 * loaded. Changes are debounced (an editor or a ConfigMap update touches several files at once);
 * a change that fails to load is reported, with the file and the reason, and the previous
 * configuration stays live. Content is hashed, so touching a file without changing it does
 * nothing.
 */
public final class ConfigWatcher<T> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final String name;
  private final Path path;
  private final ConfigLoader<T> loader;
  private final Consumer<T> onLoad;
  private final Predicate<Path> fileFilter;
  private final Duration debounce;
  private final Clock clock;
  private final ScheduledExecutorService scheduler;
  private final Counter successes;
  private final Counter failures;

  private volatile T live;
  private volatile ConfigStatus status = ConfigStatus.initial();
  private String lastAttemptHash = "";
  private WatchService watchService;
  private Thread watchThread;
  private ScheduledFuture<?> pending;

  private ConfigWatcher(Builder<T> b) {
    this.name = b.name;
    this.path = b.path.toAbsolutePath().normalize();
    this.loader = b.loader;
    this.onLoad = b.onLoad;
    this.fileFilter = b.fileFilter;
    this.debounce = b.debounce;
    this.clock = b.clock;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "config-" + b.name);
      t.setDaemon(true);
      return t;
    });
    MeterRegistry registry = b.registry;
    if (registry != null) {
      this.successes = Counter.builder("attache.config.loads").tag("config", name)
          .tag("result", "success").description("Configuration load attempts").register(registry);
      this.failures = Counter.builder("attache.config.loads").tag("config", name)
          .tag("result", "error").description("Configuration load attempts").register(registry);
      Gauge.builder("attache.config.last.load.ok", this, w -> w.status.lastError().isEmpty() ? 1 : 0)
          .tag("config", name).description("1 when the last load attempt succeeded")
          .register(registry);
      Gauge.builder("attache.config.live.since.seconds", this,
              w -> w.status.hasLive() ? w.status.liveSince().getEpochSecond() : 0)
          .tag("config", name).description("When the live configuration was loaded (Unix time)")
          .register(registry);
    } else {
      this.successes = null;
      this.failures = null;
    }
  }

  /** A watcher named {@code name} (in logs and metrics) over a file or directory. */
  public static <T> Builder<T> builder(String name, Path path, ConfigLoader<T> loader) {
    return new Builder<>(name, path, loader);
  }

  /**
   * Loads the configuration once, synchronously, then starts watching. A failed first load is
   * reported through {@link #status()} and leaves {@link #current()} empty; it does not throw.
   */
  public ConfigWatcher<T> start() throws IOException {
    if (!Files.exists(path)) {
      throw new IOException(name + ": " + path + " does not exist");
    }
    synchronized (this) {
      reload();
    }
    Path dir = Files.isDirectory(path) ? path : path.getParent();
    watchService = dir.getFileSystem().newWatchService();
    dir.register(watchService, StandardWatchEventKinds.ENTRY_CREATE,
        StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE);
    watchThread = Thread.ofPlatform().daemon().name("config-watch-" + name).start(this::watchLoop);
    return this;
  }

  /** The live configuration, or empty when none has loaded yet. */
  public Optional<T> current() {
    return Optional.ofNullable(live);
  }

  public ConfigStatus status() {
    return status;
  }

  /** Reloads now, skipping the debounce: for an explicit request or a test. */
  public synchronized ConfigStatus reloadNow() {
    reload();
    return status;
  }

  private void watchLoop() {
    try {
      while (true) {
        WatchKey key = watchService.take();
        key.pollEvents();
        key.reset();
        scheduleReload();
      }
    } catch (InterruptedException | ClosedWatchServiceException e) {
      // closing
    }
  }

  private synchronized void scheduleReload() {
    if (pending != null) {
      pending.cancel(false);
    }
    pending = scheduler.schedule(() -> {
      synchronized (this) {
        reload();
      }
    }, debounce.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Reads, hashes and (when changed) loads the files. Callers hold the monitor. */
  private void reload() {
    List<ConfigFile> files;
    try {
      files = readFiles();
    } catch (ConfigException e) {
      fail(e, hashOfError(e));
      return;
    }
    String hash = hash(files);
    if (hash.equals(lastAttemptHash)) {
      return;
    }
    lastAttemptHash = hash;
    T loaded;
    try {
      loaded = loader.load(files);
    } catch (ConfigException e) {
      fail(e, hash);
      return;
    } catch (RuntimeException e) {
      // A loader bug must not take the server down either; report it like bad input.
      fail(new ConfigException(null, "unexpected error while loading: " + e, e), hash);
      return;
    }
    live = loaded;
    status = new ConfigStatus(hash, clock.instant(), files.stream().map(ConfigFile::path).toList(), "", "");
    if (successes != null) {
      successes.increment();
    }
    log.info("config {}: loaded version {} from {} file(s) under {}", name, hash, files.size(), path);
    try {
      onLoad.accept(loaded);
    } catch (RuntimeException e) {
      log.error("config {}: applying version {} failed", name, hash, e);
    }
  }

  private void fail(ConfigException e, String hash) {
    lastAttemptHash = hash;
    ConfigStatus previous = status;
    status = new ConfigStatus(previous.liveVersion(), previous.liveSince(), previous.liveFiles(),
        e.getMessage(), e.file().map(Path::toString).orElse(""));
    if (failures != null) {
      failures.increment();
    }
    if (previous.hasLive()) {
      log.error("config {}: rejected: {}; version {} stays live", name, e.getMessage(), previous.liveVersion());
    } else {
      log.error("config {}: rejected: {}; no configuration is live", name, e.getMessage());
    }
  }

  private List<ConfigFile> readFiles() throws ConfigException {
    List<Path> paths = new ArrayList<>();
    if (Files.isDirectory(path)) {
      try (Stream<Path> entries = Files.list(path)) {
        entries.filter(p -> !p.getFileName().toString().startsWith("."))
            .filter(Files::isRegularFile)
            .filter(fileFilter)
            .sorted()
            .forEach(paths::add);
      } catch (IOException e) {
        throw new ConfigException(path, "cannot list directory: " + e.getMessage(), e);
      }
    } else {
      paths.add(path);
    }
    List<ConfigFile> files = new ArrayList<>(paths.size());
    for (Path p : paths) {
      try {
        byte[] bytes = Files.readAllBytes(p);
        files.add(new ConfigFile(p, decodeUtf8(p, bytes)));
      } catch (IOException e) {
        throw new ConfigException(p, "cannot read: " + e.getMessage(), e);
      }
    }
    return files;
  }

  private static String decodeUtf8(Path p, byte[] bytes) throws ConfigException {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(p, "not UTF-8 text", e);
    }
  }

  private static String hash(List<ConfigFile> files) {
    MessageDigest sha = sha256();
    for (ConfigFile f : files) {
      sha.update(f.path().toString().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(f.content().getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
  }

  private static String hashOfError(ConfigException e) {
    return "error:" + e.getMessage();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    if (watchService != null) {
      try {
        watchService.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
    if (watchThread != null) {
      watchThread.interrupt();
    }
  }

  /** Settings of a {@link ConfigWatcher}. */
  public static final class Builder<T> {
    private final String name;
    private final Path path;
    private final ConfigLoader<T> loader;
    private Consumer<T> onLoad = t -> { };
    private Predicate<Path> fileFilter = p -> true;
    private Duration debounce = Duration.ofMillis(250);
    private MeterRegistry registry;
    private Clock clock = Clock.systemUTC();

    private Builder(String name, Path path, ConfigLoader<T> loader) {
      this.name = requireNonNull(name, "name");
      this.path = requireNonNull(path, "path");
      this.loader = requireNonNull(loader, "loader");
    }

    /** Called with each configuration that becomes live, on the watcher's thread. */
    public Builder<T> onLoad(Consumer<T> onLoad) {
      this.onLoad = requireNonNull(onLoad, "onLoad");
      return this;
    }

    /** Which files of a directory count (default: every regular, non-hidden file). */
    public Builder<T> fileFilter(Predicate<Path> filter) {
      this.fileFilter = requireNonNull(filter, "filter");
      return this;
    }

    /** Only YAML files ({@code .yaml}, {@code .yml}) of a directory count. */
    public Builder<T> yamlOnly() {
      return fileFilter(p -> {
        String n = p.getFileName().toString();
        return n.endsWith(".yaml") || n.endsWith(".yml");
      });
    }

    public Builder<T> debounce(Duration debounce) {
      if (debounce.isNegative()) {
        throw new IllegalArgumentException("debounce: " + debounce + " (expected: >= 0)");
      }
      this.debounce = debounce;
      return this;
    }

    public Builder<T> metrics(MeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    public Builder<T> clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    public ConfigWatcher<T> build() {
      return new ConfigWatcher<>(this);
    }
  }
}
