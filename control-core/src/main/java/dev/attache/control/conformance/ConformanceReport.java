package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The results of a conformance run, with the text and JSON forms the command prints. */
record ConformanceReport(List<CaseResult> cases) {
  public ConformanceReport {
    cases = List.copyOf(cases);
  }

  public long passed() {
    return cases.stream().filter(CaseResult::passed).count();
  }

  public long failed() {
    return cases.size() - passed();
  }

  /** Passing cases of one corpus. */
  public long passed(Corpus corpus) {
    return cases.stream().filter(c -> c.corpus() == corpus && c.passed()).count();
  }

  /** All cases of one corpus. */
  public long total(Corpus corpus) {
    return cases.stream().filter(c -> c.corpus() == corpus).count();
  }

  /**
   * Per corpus a header with its pass count, then one line per family with its pass count,
   * each failing case under it with the first difference; the last line is
   * {@code N passed, M failed}.
   */
  public String text() {
    StringBuilder out = new StringBuilder();
    Map<Corpus, Map<String, List<CaseResult>>> byCorpus = new LinkedHashMap<>();
    for (CaseResult c : cases) {
      byCorpus.computeIfAbsent(c.corpus(), k -> new TreeMap<>())
          .computeIfAbsent(c.family(), k -> new ArrayList<>()).add(c);
    }
    for (Map.Entry<Corpus, Map<String, List<CaseResult>>> corpus : byCorpus.entrySet()) {
      out.append(corpus.getKey().id()).append(": ").append(passed(corpus.getKey())).append('/')
          .append(total(corpus.getKey())).append(" passed\n");
      for (Map.Entry<String, List<CaseResult>> family : corpus.getValue().entrySet()) {
        List<CaseResult> members = family.getValue();
        long ok = members.stream().filter(CaseResult::passed).count();
        out.append("  ").append(family.getKey()).append(": ").append(ok).append('/')
            .append(members.size()).append(" passed\n");
        for (CaseResult c : members) {
          if (!c.passed()) {
            out.append("    FAIL ").append(c.name()).append(": ")
                .append(c.firstDifference()).append('\n');
          }
        }
      }
    }
    out.append(passed()).append(" passed, ").append(failed()).append(" failed\n");
    return out.toString();
  }

  /** {@code {"cases":[{"corpus":…,"name":…,"passed":…,"firstDifference":…}]}}. */
  public String json() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    ArrayNode list = root.putArray("cases");
    for (CaseResult c : cases) {
      ObjectNode node = list.addObject();
      node.put("corpus", c.corpus().id());
      node.put("name", c.name());
      node.put("passed", c.passed());
      node.put("firstDifference", c.firstDifference());
    }
    return root.toString();
  }

  /**
   * The corpora whose pass count is below the floor, as {@code "xds-ir: 120 passed (floor 130)"};
   * empty when every floor holds. A floor names corpora by id ({@code xds-ir=130}).
   */
  public List<String> belowFloor(Map<String, Integer> floor) {
    List<String> below = new ArrayList<>();
    for (Map.Entry<String, Integer> e : new TreeMap<>(floor).entrySet()) {
      long got = passed(Corpus.byId(e.getKey()));
      if (got < e.getValue()) {
        below.add(e.getKey() + ": " + got + " passed (floor " + e.getValue() + ")");
      }
    }
    return below;
  }
}
