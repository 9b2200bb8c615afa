package dev.attache.authz.service;

import dev.attache.authz.decision.Decision;
import dev.attache.authz.decision.Reason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * {@code attache_authz_decisions_total{policy, decision, reason}} for one policy. Counters are
 * registered on first use so a policy only exports the reasons it has seen; the map is tiny and
 * read far more often than written.
 */
final class DecisionCounters {
  private final MeterRegistry registry;
  private final String policy;
  private volatile Map<Reason, Counter> counters = new EnumMap<>(Reason.class);

  DecisionCounters(MeterRegistry registry, String policy) {
    this.registry = registry;
    this.policy = policy;
  }

  void record(Decision d) {
    Reason r = d.reason();
    Counter c = counters.get(r);
    if (c == null) {
      c = register(r, switch (d) {
        case Decision.Allow a -> "allow";
        case Decision.Deny x -> "deny";
        case Decision.Error e -> "error";
      });
    }
    c.increment();
  }

  private synchronized Counter register(Reason r, String decision) {
    Counter c = counters.get(r);
    if (c != null) {
      return c;
    }
    c = Counter.builder("attache.authz.decisions").tag("policy", policy).tag("decision", decision)
        .tag("reason", r.code()).description("Check decisions by policy and reason").register(registry);
    Map<Reason, Counter> copy = new EnumMap<>(counters);
    copy.put(r, c);
    counters = copy;
    return c;
  }
}
