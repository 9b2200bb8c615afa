package dev.attache.control.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The pass count of one corpus over a golden test class's cases, as {@code attache conformance}
 * counts it (upstream's goldens only), held to {@code control-core/conformance-floor.properties}
 * once the class has run every case: the per-case tests catch a case that breaks, the floor a
 * corpus that shrinks or cases that stop being found.
 */
final class FloorTally {
  private final Corpus corpus;
  private final Set<String> seen = new LinkedHashSet<>();
  private final Set<String> failed = new LinkedHashSet<>();

  FloorTally(Corpus corpus) {
    this.corpus = corpus;
  }

  /** Counts a case (for egctl, one run of an input: the input passes when all its runs do). */
  synchronized void record(String name, boolean passed) {
    seen.add(name);
    if (!passed) {
      failed.add(name);
    }
  }

  /** Holds the count to the floor, unless {@code -Dgolden.case} ran only some cases. */
  synchronized void assertHoldsTheFloor() {
    if (!Goldens.selectsAll() || seen.isEmpty()) {
      return;
    }
    Map<String, Integer> floor;
    try {
      floor = ConformanceFloor.read(
          Goldens.projectRoot().resolve("control-core/conformance-floor.properties"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(seen.size() - failed.size())
        .as("%s cases passing upstream's goldens (of %d; not passing: %s)", corpus.id(),
            seen.size(), failed)
        .isGreaterThanOrEqualTo(floor.getOrDefault(corpus.id(), 0));
  }
}
