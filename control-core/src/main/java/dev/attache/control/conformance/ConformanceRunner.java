package dev.attache.control.conformance;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs Envoy Gateway's golden corpora found under a root (the shared corpus layout or an
 * envoyproxy/gateway checkout) through Attaché's translators and compares the outputs by meaning.
 */
final class ConformanceRunner {
  private ConformanceRunner() {}

  /** Every case of every corpus present under {@code root}, grouped by corpus. */
  static ConformanceReport run(Path root) {
    requireNonNull(root, "root");
    CorpusLayout layout = CorpusLayout.of(root);
    if (!layout.hasAny()) {
      throw new IllegalArgumentException("corpus: " + root
          + " (expected a folder with gatewayapi/, xds/ or egctl/, or an envoyproxy/gateway checkout)");
    }
    List<CaseResult> results = new ArrayList<>();
    results.addAll(GatewayApiCases.run(layout));
    results.addAll(XdsIrCases.run(layout));
    results.addAll(ExtensionXdsIrCases.run(layout));
    results.addAll(RateLimitConfigCases.run(layout));
    results.addAll(EgctlCases.run(layout));
    return new ConformanceReport(results);
  }

  /** Only the {@code xds-ir} corpus under {@code root}. */
  static ConformanceReport runXdsIr(Path root) {
    return new ConformanceReport(XdsIrCases.run(CorpusLayout.of(root)));
  }
}
