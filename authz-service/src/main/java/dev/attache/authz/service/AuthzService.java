package dev.attache.authz.service;

import static java.util.Objects.requireNonNull;

import dev.attache.authz.decision.Decision;
import dev.attache.authz.decision.Judgement;
import dev.attache.authz.decision.Reason;
import dev.attache.authz.jwks.JwksRegistry;
import dev.attache.authz.policy.PolicySet;
import dev.attache.authz.request.HttpRequest;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code envoy.service.auth.v3.Authorization/Check}: finds the policy named by the
 * {@code attache.io/policy} context extension and applies it. A missing or unknown policy is a
 * 403 (fail closed), logged and counted. Checks complete on the calling thread unless a JWKS fetch
 * is needed, in which case the answer is sent when the fetch (bounded) completes; no Check blocks.
 */
public final class AuthzService extends AuthorizationGrpc.AuthorizationImplBase implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuthzService.class);
  static final String POLICY_KEY = "attache.io/policy";

  private final PolicyCompiler compiler;
  private final ResponseBuilder responses;
  private final DecisionCounters missing;
  private final DecisionCounters unknown;
  private final Timer latency;
  private final DecisionLog decisionLog;
  private final JwksRegistry jwks;
  private final WarningLimiter warnings = new WarningLimiter(java.time.Duration.ofSeconds(10));
  private volatile PolicyTable table = PolicyTable.EMPTY;
  private volatile boolean loaded;

  public AuthzService(AuthzSettings settings, Clock clock, MeterRegistry registry) {
    requireNonNull(settings, "settings");
    this.jwks = new JwksRegistry(settings.jwksConnectTimeout(), settings.jwksTimeout(), clock, registry);
    this.compiler = new PolicyCompiler(jwks, settings, clock, registry);
    this.responses = new ResponseBuilder(settings.reasonHeader());
    this.missing = compiler.counters("<none>");
    this.unknown = compiler.counters("<unknown>");
    this.latency = Timer.builder("attache.authz.check.duration").description("Time to decide a Check")
        .register(registry);
    this.decisionLog = settings.decisionLog() ? new DecisionLog(System.out) : null;
  }

  /** Makes {@code set} the live policies; called by the config watcher with each good version. */
  public void apply(PolicySet set) {
    table = compiler.compile(set);
    loaded = true;
    log.info("authz: {} SecurityPolicies live", set.policies().size());
  }

  /** Whether a configuration has been applied. */
  public boolean ready() {
    return loaded;
  }

  public PolicySet live() {
    return table.source();
  }

  public JwksRegistry jwks() {
    return jwks;
  }

  @Override
  public void check(CheckRequest request, StreamObserver<CheckResponse> observer) {
    long start = System.nanoTime();
    HttpRequest http;
    try {
      http = HttpRequest.of(request);
    } catch (RuntimeException e) {
      log.warn("authz: cannot read CheckRequest: {}", e.toString());
      observer.onError(Status.INVALID_ARGUMENT.withDescription("malformed CheckRequest").asRuntimeException());
      return;
    }
    String key = http.policyKey();
    PolicyEnforcer enforcer = key == null ? null : table.get(key);
    if (enforcer == null) {
      boolean none = key == null || key.isEmpty();
      Decision.Deny deny = Decision.Deny.of(none ? Reason.POLICY_MISSING : Reason.POLICY_UNKNOWN,
          none ? "no SecurityPolicy named in context extension " + POLICY_KEY
              : "unknown SecurityPolicy " + key);
      long held = warnings.admit(deny.message());
      if (held >= 0) {
        log.warn("authz: denied {} {} (fail closed): {}{}", http.method(), http.pathOnly(), deny.message(),
            held == 0 ? "" : " (" + held + " more since the last warning)");
      }
      finish(none ? missing : unknown, none ? "<none>" : "<unknown>", http, Judgement.of(deny), start, observer);
      return;
    }
    CompletableFuture<Judgement> f;
    try {
      f = enforcer.check(http);
    } catch (RuntimeException e) {
      fail(enforcer, http, e, start, observer);
      return;
    }
    if (f.isDone() && !f.isCompletedExceptionally()) {
      finish(enforcer.counters, key, http, f.join(), start, observer);
      return;
    }
    f.whenComplete((j, error) -> {
      if (error != null) {
        fail(enforcer, http, error, start, observer);
      } else {
        finish(enforcer.counters, key, http, j, start, observer);
      }
    });
  }

  private void fail(PolicyEnforcer enforcer, HttpRequest http, Throwable e, long start,
      StreamObserver<CheckResponse> observer) {
    log.error("authz: policy {} could not judge {} {}", enforcer.id(), http.method(), http.pathOnly(), e);
    Decision.Error err = new Decision.Error(Reason.INTERNAL, "internal error");
    enforcer.counters.record(err);
    latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    if (decisionLog != null) {
      decisionLog.record(enforcer.id().toString(), http, Judgement.of(err), System.nanoTime() - start);
    }
    observer.onError(Status.INTERNAL.withDescription("authz-service could not judge the request").asRuntimeException());
  }

  private void finish(DecisionCounters counters, String policy, HttpRequest http, Judgement j, long start,
      StreamObserver<CheckResponse> observer) {
    Decision d = j.decision();
    counters.record(d);
    long nanos = System.nanoTime() - start;
    latency.record(nanos, TimeUnit.NANOSECONDS);
    if (decisionLog != null) {
      decisionLog.record(policy, http, j, nanos);
    }
    switch (d) {
      case Decision.Allow a -> {
        observer.onNext(responses.allow(a));
        observer.onCompleted();
      }
      case Decision.Deny x -> {
        observer.onNext(responses.deny(x));
        observer.onCompleted();
      }
      case Decision.Error e -> observer.onError(Status.INTERNAL.withDescription(e.message()).asRuntimeException());
    }
  }

  @Override
  public void close() {
    jwks.close();
    if (decisionLog != null) {
      decisionLog.close();
    }
  }
}
