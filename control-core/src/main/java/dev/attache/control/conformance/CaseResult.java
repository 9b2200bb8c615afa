package dev.attache.control.conformance;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of one golden case.
 *
 * @param family the group the case is counted in, e.g. {@code http-route}
 * @param firstDifference where the output first differs from the golden file, or why the case
 *     could not run; null when it passed
 */
public record CaseResult(Corpus corpus, String name, String family, boolean passed,
    String firstDifference) {
  public CaseResult {
    requireNonNull(corpus, "corpus");
    requireNonNull(name, "name");
    requireNonNull(family, "family");
    if (!passed) {
      requireNonNull(firstDifference, "firstDifference");
    }
  }

  static CaseResult pass(Corpus corpus, String name, String family) {
    return new CaseResult(corpus, name, family, true, null);
  }

  static CaseResult fail(Corpus corpus, String name, String family, String why) {
    return new CaseResult(corpus, name, family, false, why);
  }
}
