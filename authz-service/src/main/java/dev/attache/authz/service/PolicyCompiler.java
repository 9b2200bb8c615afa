package dev.attache.authz.service;

import dev.attache.authz.apikey.ApiKeyAuthenticator;
import dev.attache.authz.basic.BasicAuthenticator;
import dev.attache.authz.jwks.JwksRegistry;
import dev.attache.authz.jwks.JwksSource;
import dev.attache.authz.jwks.KeySet;
import dev.attache.authz.jwt.JwtAuthenticator;
import dev.attache.authz.jwt.ProviderVerifier;
import dev.attache.authz.policy.JwtSpec;
import dev.attache.authz.policy.PolicySet;
import dev.attache.authz.policy.SecurityPolicy;
import dev.attache.authz.rules.RuleEvaluator;
import io.micrometer.core.instrument.MeterRegistry;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a loaded {@link PolicySet} into enforcers, sharing remote JWKS sources through the registry. */
final class PolicyCompiler {
  private final JwksRegistry jwks;
  private final AuthzSettings settings;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Map<String, DecisionCounters> counters = new HashMap<>();

  PolicyCompiler(JwksRegistry jwks, AuthzSettings settings, Clock clock, MeterRegistry registry) {
    this.jwks = jwks;
    this.settings = settings;
    this.clock = clock;
    this.registry = registry;
  }

  synchronized PolicyTable compile(PolicySet set) {
    Map<String, PolicyEnforcer> byKey = new HashMap<>();
    Set<JwksRegistry.Key> live = new HashSet<>();
    for (SecurityPolicy p : set.policies().values()) {
      JwtAuthenticator jwt = null;
      if (p.jwt() != null) {
        List<ProviderVerifier> verifiers = new ArrayList<>();
        for (JwtSpec.Provider provider : p.jwt().providers()) {
          JwksSource source;
          if (provider.remoteJwks() != null) {
            JwtSpec.RemoteJwks r = provider.remoteJwks();
            JwksRegistry.Key key = new JwksRegistry.Key(r.uri(), r.cacheDuration(), r.failedRefetchDuration());
            live.add(key);
            source = jwks.get(key);
          } else {
            try {
              source = JwksSource.fixed(KeySet.parse(provider.localJwks(), clock.instant()));
            } catch (ParseException e) {
              // The loader already parsed it; reaching here is a bug, not bad input.
              throw new IllegalStateException("local JWKS of " + p.id() + " no longer parses", e);
            }
          }
          verifiers.add(new ProviderVerifier(provider, source, clock, settings.keyWait(), settings.tokenCacheSize()));
        }
        jwt = new JwtAuthenticator(p.jwt(), verifiers);
      }
      String key = p.id().toString();
      byKey.put(key, new PolicyEnforcer(p.id(),
          p.apiKeyAuth() == null ? null : new ApiKeyAuthenticator(p.apiKeyAuth()),
          p.basicAuth() == null ? null : new BasicAuthenticator(p.basicAuth()),
          jwt,
          p.authorization() == null ? null : new RuleEvaluator(p.authorization()),
          counters(key)));
    }
    jwks.retainOnly(live);
    return new PolicyTable(set, byKey);
  }

  /** Counters outlive reloads so a policy's series keep counting across versions. */
  DecisionCounters counters(String policy) {
    synchronized (counters) {
      return counters.computeIfAbsent(policy, k -> new DecisionCounters(registry, k));
    }
  }
}
