package dev.attache.authz.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.authz.testing.Answer;
import dev.attache.authz.testing.AuthzHarness;
import dev.attache.authz.testing.Envoy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Policies change while Checks keep arriving: no call fails, every answer comes from a complete
 * version, the new version is in force within a second, and a broken file keeps the last good one.
 */
class ReloadUnderLoadTest {

  static String config(int generation) {
    return """
        apiVersion: v1
        kind: Secret
        metadata: {name: keys, namespace: default}
        stringData: {client: "key-%d"}
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: api, namespace: default}
        spec:
          apiKeyAuth:
            credentialRefs: [{name: keys}]
            extractFrom: [{headers: [x-api-key]}]
            forwardClientIDHeader: x-client
        """.formatted(generation);
  }

  static Answer call(AuthzHarness authz, int generation) {
    return authz.check(Envoy.request("default/api").header("x-api-key", "key-" + generation));
  }

  @Test
  void reloadsUnderLoadWithoutAFailedCall() throws Exception {
    try (AuthzHarness authz = AuthzHarness.start(config(0))) {
      // The first calls pay for connection set-up and class loading; that is not reload time.
      for (int i = 0; i < 200; i++) {
        assertThat(call(authz, 0).allowed()).isTrue();
      }
      AtomicBoolean running = new AtomicBoolean(true);
      AtomicLong calls = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      AtomicLong unexpected = new AtomicLong();
      ExecutorService load = Executors.newFixedThreadPool(4);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        int lane = w;
        workers.add(load.submit(() -> {
          while (running.get()) {
            try {
              Answer a = call(authz, (int) (calls.get() % 6));
              calls.incrementAndGet();
              // Every answer is a whole decision: allowed with the client forwarded, or a 401.
              if (a.allowed() ? !"client".equals(a.upstreamHeader("x-client")) : a.status() != 401) {
                unexpected.incrementAndGet();
              }
            } catch (RuntimeException e) {
              failures.incrementAndGet();
            }
            if (lane == 0) {
              Thread.onSpinWait();
            }
          }
        }));
      }
      try {
        while (calls.get() < 500) {
          Thread.sleep(5);
        }
        for (int gen = 1; gen <= 5; gen++) {
          long before = calls.get();
          authz.rewrite(config(gen));
          long start = System.nanoTime();
          while (!call(authz, gen).allowed()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("generation %d live", gen)
                .isLessThan(Duration.ofSeconds(3));
            Thread.sleep(5);
          }
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
          assertThat(call(authz, gen - 1).status()).as("the old key is gone").isEqualTo(401);
          while (calls.get() < before + 200) {
            Thread.sleep(5);
          }
        }
        authz.rewrite("apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: SecurityPolicy\nmetadata: {name: api}\nspec: {jwt: {}}\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (authz.server().watcher().status().lastError().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(authz.server().watcher().status().lastError()).contains("spec.jwt.providers");
        assertThat(call(authz, 5).allowed()).as("the last good version keeps serving").isTrue();
      } finally {
        running.set(false);
        for (Future<?> f : workers) {
          f.get(10, TimeUnit.SECONDS);
        }
        load.shutdown();
      }
      assertThat(calls.get()).isGreaterThan(1000);
      assertThat(failures.get()).as("failed calls").isZero();
      assertThat(unexpected.get()).as("answers from a half-loaded policy").isZero();
    }
  }
}
