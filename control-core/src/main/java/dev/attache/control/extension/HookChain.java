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

  /** The hooks of one gateway's translation. */
  public HookRun start() {
    return start(new java.util.HashMap<>());
  }

  /**
   * The hooks of one gateway's translation, within a larger one: an extension found unreachable
   * (deadline exceeded, unavailable) in {@code unreachable} is not called again, so a hung
   * extension costs one deadline per translation of all gateways, not one per gateway.
   */
  public HookRun start(java.util.Map<String, String> unreachable) {
    return new HookRun(extensions, registry, requireNonNull(unreachable, "unreachable"));
  }

  /** Closes every extension's connection. */
  @Override
  public void close() {
    extensions.forEach(e -> e.client().close());
  }
}
