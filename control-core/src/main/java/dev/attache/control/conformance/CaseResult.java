package dev.attache.control.conformance;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The outcome of one golden case.
 *
 * @param family the group the case is counted in, e.g. {@code http-route}
 * @param firstDifference where the output first differs from the golden file, or why the case
 *     could not run; null when it passed
 * @param ownOutput for a case Attaché answers differently on purpose (see {@link Families}),
 *     what it produces instead, one field per golden file of Attaché's own
 *     ({@code listeners}, {@code errors} …), for its tests to hold against those files; null for
 *     every other case, so that a report of the whole corpus keeps no outputs
 */
record CaseResult(Corpus corpus, String name, String family, boolean passed,
    String firstDifference, ObjectNode ownOutput) {
  public CaseResult {
    requireNonNull(corpus, "corpus");
    requireNonNull(name, "name");
    requireNonNull(family, "family");
    if (!passed) {
      requireNonNull(firstDifference, "firstDifference");
    }
  }

  static CaseResult pass(Corpus corpus, String name, String family) {
    return new CaseResult(corpus, name, family, true, null, null);
  }

  static CaseResult fail(Corpus corpus, String name, String family, String why) {
    return new CaseResult(corpus, name, family, false, why, null);
  }

  /** This result carrying Attaché's own output for the case (null keeps none). */
  CaseResult withOwnOutput(ObjectNode output) {
    return new CaseResult(corpus, name, family, passed, firstDifference, output);
  }
}
