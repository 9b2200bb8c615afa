package dev.attache.control.extension;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * The configured extensions in config order, each one's output the next one's input. Hand
 * {@link #start()}'s run to the xDS translator for each translation; the run it returns calls the
 * hooks and records what failed.
 */
public final class HookChain implements AutoCloseable {
  private final List<ConfiguredExtension> extensions;
  private final MeterRegistry registry;

  /**
   * @param registry where hook failures are counted ({@code attache_extension_hook_failures_total}),
   *     or {@code null}
   */
  public HookChain(List<ConfiguredExtension> extensions, MeterRegistry registry) {
    this.extensions = List.copyOf(requireNonNull(extensions, "extensions"));
    this.registry = registry;
  }

  public List<ConfiguredExtension> extensions() {
    return extensions;
  }

  public boolean isEmpty() {
    return extensions.isEmpty();
  }

  /** The hooks of one translation. */
  public HookRun start() {
    return new HookRun(extensions, registry);
  }

  /** Closes every extension's connection. */
  @Override
  public void close() {
    extensions.forEach(e -> e.client().close());
  }
}
