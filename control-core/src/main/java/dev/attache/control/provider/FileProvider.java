package dev.attache.control.provider;

import static java.util.Objects.requireNonNull;

import dev.attache.control.load.ResourceLoader;
import dev.attache.control.resource.ResourceProblem;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.meta.KubernetesObject;
import dev.attache.control.resource.meta.ObjectRef;
import dev.attache.server.config.ConfigWatcher;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Envoy Gateway's file provider: resources from YAML files in one or more paths (a directory's
 * {@code .yaml}/{@code .yml} files, not its subdirectories, or a single file), watched. Each
 * change, once the writes settle (debounced), yields one {@link ResourceSet} of every path's
 * files at that moment. A file that does not read is reported, naming the file, the object and
 * the field, and skipped, the others still apply; if it read before, its last good content stays
 * in use until it is fixed or deleted. An object defined in two files is used from the first
 * (in path order) and reported.
 */
public final class FileProvider implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FileProvider.class);

  private final List<Path> paths;
  private final Consumer<ResourceSet> onChange;
  private final ResourceLoader loader;
  private final List<ConfigWatcher<Map<Path, FileState>>> watchers = new ArrayList<>();
  private final Map<Path, Map<Path, FileState>> byPath = new HashMap<>();
  private final Counter snapshots;
  private volatile ResourceSet current = ResourceSet.empty();
  private volatile ProviderStatus status = new ProviderStatus(List.of(), List.of());
  private List<String> emittedKey = null;

  private FileProvider(Builder b) {
    this.paths = List.copyOf(b.paths);
    this.onChange = b.onChange;
    this.loader = b.loader;
    MeterRegistry registry = b.registry;
    this.snapshots = Counter.builder("attache.provider.snapshots")
        .description("Resource snapshots the file provider produced").register(registry);
    Gauge.builder("attache.provider.broken.files", this, p -> p.status.brokenFiles().size())
        .description("Resource files that do not read (skipped, or kept at their last good content)")
        .register(registry);
    Gauge.builder("attache.provider.objects", this, p -> p.current.size())
        .description("Objects in the current resource snapshot").register(registry);
    for (Path path : paths) {
      DirectoryLoader fileLoader = new DirectoryLoader(b.loader);
      watchers.add(ConfigWatcher.builder("resources:" + path, path, fileLoader)
          .yamlOnly()
          .debounce(b.debounce)
          .metrics(registry)
          .onLoad(files -> changed(path, files))
          .build());
    }
  }

  /** A provider over {@code paths} (directories or files). */
  public static Builder builder(List<Path> paths) {
    return new Builder(paths);
  }

  /**
   * Reads every path once, synchronously (the first snapshot is delivered before this returns),
   * then watches them.
   *
   * @throws IOException when a path does not exist
   */
  public FileProvider start() throws IOException {
    for (ConfigWatcher<Map<Path, FileState>> w : watchers) {
      w.start();
    }
    return this;
  }

  /** The latest snapshot. */
  public ResourceSet current() {
    return current;
  }

  /** Every file, what is used from it and why not, for /config_dump and readiness. */
  public ProviderStatus status() {
    return status;
  }

  private synchronized void changed(Path path, Map<Path, FileState> files) {
    byPath.put(path, files);
    if (byPath.size() < paths.size()) {
      return; // the first load of the other paths is still to come
    }
    Map<Path, FileState> all = new TreeMap<>();
    for (Path p : paths) {
      all.putAll(byPath.getOrDefault(p, Map.of()));
    }
    ResourceSet.Builder set = ResourceSet.builder();
    Map<ObjectRef, Path> seen = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    List<String> key = new ArrayList<>();
    for (FileState f : all.values()) {
      key.add(f.path() + "@" + f.contentHash());
      for (KubernetesObject o : f.objects()) {
        ObjectRef ref = ObjectRef.of(o);
        Path first = seen.putIfAbsent(ref, f.path());
        if (first != null) {
          duplicates.add(f.path() + ": " + ref + " is also defined in " + first + "; the one in " + first
              + " is used");
          continue;
        }
        set.add(o);
      }
    }
    ProviderStatus next = new ProviderStatus(List.copyOf(all.values()), duplicates);
    reportChanges(status, next);
    status = next;
    if (key.equals(emittedKey)) {
      return; // only broken content changed; what is in use did not
    }
    emittedKey = key;
    ResourceSet resources = loader.snapshot(set.build());
    current = resources;
    snapshots.increment();
    log.info("resources: {} object(s) from {} file(s) under {}{}", resources.size(), all.size(), paths,
        next.brokenFiles().isEmpty() ? "" : "; " + next.brokenFiles().size() + " file(s) do not read");
    try {
      onChange.accept(resources);
    } catch (RuntimeException e) {
      log.error("resources: applying the snapshot failed", e);
    }
  }

  private static void reportChanges(ProviderStatus before, ProviderStatus after) {
    Map<Path, FileState> old = new HashMap<>();
    before.files().forEach(f -> old.put(f.path(), f));
    for (FileState f : after.files()) {
      FileState was = old.get(f.path());
      if (f.problems().isEmpty() || (was != null && was.problems().equals(f.problems()))) {
        continue;
      }
      String outcome = switch (f.use()) {
        case LAST_GOOD -> "its last good content stays in use";
        case SKIPPED -> "the file is skipped";
        case CURRENT -> "";
      };
      for (ResourceProblem p : f.problems()) {
        log.error("resources: {}; {}", p, outcome);
      }
    }
    for (String d : after.duplicates()) {
      if (!before.duplicates().contains(d)) {
        log.warn("resources: {}", d);
      }
    }
  }

  @Override
  public void close() {
    watchers.forEach(ConfigWatcher::close);
  }

  /** What the provider read: each file and the objects defined twice. */
  public record ProviderStatus(List<FileState> files, List<String> duplicates) {
    public ProviderStatus {
      files = List.copyOf(files);
      duplicates = List.copyOf(duplicates);
    }

    /** Files whose current content does not read. */
    public List<FileState> brokenFiles() {
      return files.stream().filter(f -> !f.problems().isEmpty()).toList();
    }
  }

  /** Settings of a {@link FileProvider}. */
  public static final class Builder {
    private final List<Path> paths;
    private Duration debounce = Duration.ofMillis(250);
    private MeterRegistry registry = new SimpleMeterRegistry();
    private ResourceLoader loader = ResourceLoader.forUsers();
    private Consumer<ResourceSet> onChange = r -> { };

    private Builder(List<Path> paths) {
      requireNonNull(paths, "paths");
      if (paths.isEmpty()) {
        throw new IllegalArgumentException("paths: [] (expected: at least one directory or file)");
      }
      this.paths = paths.stream().map(p -> p.toAbsolutePath().normalize()).distinct().toList();
    }

    /** How long writes must pause before a change is read. Default 250 ms. */
    public Builder debounce(Duration debounce) {
      this.debounce = requireNonNull(debounce, "debounce");
      return this;
    }

    public Builder metrics(MeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** How files are read (default {@link ResourceLoader#forUsers()}). */
    public Builder loader(ResourceLoader loader) {
      this.loader = requireNonNull(loader, "loader");
      return this;
    }

    /** Called with each new snapshot, on a watcher thread, one at a time. */
    public Builder onChange(Consumer<ResourceSet> onChange) {
      this.onChange = requireNonNull(onChange, "onChange");
      return this;
    }

    public FileProvider build() {
      return new FileProvider(this);
    }
  }
}
