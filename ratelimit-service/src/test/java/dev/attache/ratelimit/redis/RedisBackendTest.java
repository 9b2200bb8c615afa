package dev.attache.ratelimit.redis;

import static dev.attache.ratelimit.TestConfigs.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.ratelimit.TestConfigs;
import dev.attache.ratelimit.service.RateLimitServer;
import dev.attache.ratelimit.service.ServiceSettings;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Redis specifics: key format shared with envoyproxy/ratelimit, outages, auth, per-second Redis, contention. */
class RedisBackendTest {
  private final List<AutoCloseable> open = new ArrayList<>();

  <T extends AutoCloseable> T own(T t) {
    open.add(t);
    return t;
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  RateLimitServer server(RedisEndpoint main, RedisEndpoint perSecond, String prefix) throws Exception {
    return own(new RateLimitServer(clock -> new RedisCounterBackend(main, perSecond, 300, Duration.ofMillis(100),
        Duration.ofMillis(500)), ServiceSettings.defaults(), 0, prefix, "service_config.yaml"));
  }

  static RateLimitRequest request(String key, String value) {
    return RateLimitRequest.newBuilder().setDomain("svc").addDescriptors(descriptor(key, value)).build();
  }

  @Test
  void keysAndExpiryAreEnvoyproxyRatelimits() throws Exception {
    RedisServer redis = own(RedisServer.start());
    RateLimitServer s = server(RedisEndpoint.single(redis.url(), Duration.ofSeconds(2)), null, "pfx_");
    s.call(request("per_minute", "alice"));
    long now = s.clock.millis() / 1000;
    String key = "pfx_svc_per_minute_alice_" + (now / 60 * 60);
    assertThat(redis.cli("GET", key)).isEqualTo("1");
    long ttl = Long.parseLong(redis.cli("TTL", key));
    assertThat(ttl).isBetween(1L, 60L + 300L);
    assertThat(redis.cli("KEYS", "*")).isEqualTo(key);
  }

  @Test
  void sharesCountersWithAnotherWriterOfTheSameKeys() throws Exception {
    RedisServer redis = own(RedisServer.start());
    RateLimitServer s = server(RedisEndpoint.single(redis.url(), Duration.ofSeconds(2)), null, "");
    long now = s.clock.millis() / 1000;
    // what envoyproxy/ratelimit would have written for 7 earlier requests in this minute
    redis.cli("INCRBY", "svc_per_minute_bob_" + (now / 60 * 60), "7");
    RateLimitResponse r = s.call(request("per_minute", "bob"));
    assertThat(Integer.toUnsignedLong(r.getStatuses(0).getLimitRemaining())).isEqualTo(2);
  }

  @Test
  void redisStoppedMidRunGivesUnavailableWithinTheBoundAndRecoversAfterRestart() throws Exception {
    RedisServer redis = own(RedisServer.start());
    RateLimitServer s = server(RedisEndpoint.single(redis.url(), Duration.ofMillis(500)), null, "");
    assertThat(s.call(request("per_minute", "x")).getOverallCode()).isEqualTo(Code.OK);

    redis.stop();
    long start = System.nanoTime();
    assertThatThrownBy(() -> s.call(request("per_minute", "x")))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(s.metrics.redisError().count()).isGreaterThanOrEqualTo(1);

    redis.restart();
    assertThat(eventuallyOk(s, request("per_minute", "x"), Duration.ofSeconds(15))).isTrue();
  }

  /** envoyproxy/ratelimit#462: a Redis that stops answering must not hang the calls. */
  @Test
  void issue462FrozenRedisTimesOutWithinTheCommandTimeout() throws Exception {
    RedisServer redis = own(RedisServer.start());
    RateLimitServer s = server(RedisEndpoint.single(redis.url(), Duration.ofMillis(300)), null, "");
    assertThat(s.call(request("per_minute", "x")).getOverallCode()).isEqualTo(Code.OK);
    redis.freeze();
    try {
      long start = System.nanoTime();
      assertThatThrownBy(() -> s.call(request("per_minute", "x")))
          .isInstanceOfSatisfying(StatusRuntimeException.class,
              e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
    } finally {
      redis.thaw();
    }
    assertThat(eventuallyOk(s, request("per_minute", "x"), Duration.ofSeconds(15))).isTrue();
  }

  @Test
  void redisAbsentAtStartIsUnavailableUntilItComes() throws Exception {
    int port = RedisServer.freePort();
    RateLimitServer s = server(RedisEndpoint.single("127.0.0.1:" + port, Duration.ofMillis(300)), null, "");
    assertThatThrownBy(() -> s.call(request("per_minute", "x")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).contains("not connected");
        });
    RedisServer late = own(RedisServer.startAt(port));
    assertThat(eventuallyOk(s, request("per_minute", "x"), Duration.ofSeconds(15))).isTrue();
    assertThat(late.cli("DBSIZE")).isEqualTo("1");
  }

  @Test
  void authenticatesWithPasswordAndNeverShowsIt() throws Exception {
    RedisServer redis = own(RedisServer.withPassword("s3cret-pw"));
    RedisEndpoint good = new RedisEndpoint(RedisType.SINGLE, redis.url(), "s3cret-pw", false, "", Duration.ofSeconds(1), RedisTls.NONE);
    assertThat(server(good, null, "").call(request("per_minute", "x")).getOverallCode()).isEqualTo(Code.OK);
    assertThat(good.toString()).doesNotContain("s3cret-pw");

    RedisEndpoint bad = new RedisEndpoint(RedisType.SINGLE, redis.url(), "wrong-pw", false, "", Duration.ofSeconds(1), RedisTls.NONE);
    RateLimitServer s = server(bad, null, "");
    assertThatThrownBy(() -> s.call(request("per_minute", "x")))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
          assertThat(e.getStatus().getDescription()).doesNotContain("wrong-pw");
        });
  }

  @Test
  void perSecondLimitsGoToThePerSecondRedis() throws Exception {
    RedisServer main = own(RedisServer.start());
    RedisServer second = own(RedisServer.start());
    RateLimitServer s = server(RedisEndpoint.single(main.url(), Duration.ofSeconds(1)),
        RedisEndpoint.single(second.url(), Duration.ofSeconds(1)), "");
    s.call(request("per_minute", "a"));
    s.call(request("both", "b"));
    long now = s.clock.millis() / 1000;
    assertThat(second.cli("GET", "svc_both_b_" + now)).isEqualTo("1");
    assertThat(main.cli("GET", "svc_both_b_" + now)).isEmpty();
    assertThat(main.cli("GET", "svc_per_minute_a_" + (now / 60 * 60))).isEqualTo("1");
  }

  @Test
  void tokenBucketIsExactUnderContentionWithoutRetries() throws Exception {
    RedisServer redis = own(RedisServer.start());
    RateLimitServer s = server(RedisEndpoint.single(redis.url(), Duration.ofSeconds(2)), null, "");
    // burst 5 at 2 per second; the clock stands still, so exactly 5 of the 400 calls may pass
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      tasks.add(() -> {
        int ok = 0;
        for (int i = 0; i < 50; i++) {
          if (s.call(request("burst", "hot")).getOverallCode() == Code.OK) {
            ok++;
          }
        }
        return ok;
      });
    }
    int passed = 0;
    for (Future<Integer> f : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
      passed += f.get();
    }
    pool.shutdown();
    assertThat(passed).isEqualTo(5);
    assertThat(TestConfigs.stat(s.metrics, "svc.burst", "over_limit")).isEqualTo(395);
  }

  @Test
  void tlsWithTheServersCaAndOnlyWithIt() throws Exception {
    RedisServer redis = own(RedisServer.withTls());
    RedisEndpoint trusted = new RedisEndpoint(RedisType.SINGLE, redis.url(), "", true, "", Duration.ofSeconds(2),
        new RedisTls(redis.caCert().toString(), "", "", false));
    RateLimitServer s = server(trusted, null, "");
    assertThat(s.call(request("per_minute", "tls")).getOverallCode()).isEqualTo(Code.OK);
    long now = s.clock.millis() / 1000;
    assertThat(redis.cli("GET", "svc_per_minute_tls_" + (now / 60 * 60))).isEqualTo("1");

    RedisEndpoint untrusted = new RedisEndpoint(RedisType.SINGLE, redis.url(), "", true, "", Duration.ofSeconds(1), RedisTls.NONE);
    RateLimitServer refused = server(untrusted, null, "");
    assertThatThrownBy(() -> refused.call(request("per_minute", "tls")))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void sentinelFindsThePrimary() throws Exception {
    RedisServer primary = own(RedisServer.start());
    RedisServer sentinel = own(RedisServer.sentinelFor(primary, "mymaster"));
    RedisEndpoint endpoint = new RedisEndpoint(RedisType.SENTINEL, "mymaster," + sentinel.url(), "", false, "",
        Duration.ofSeconds(2), RedisTls.NONE);
    RateLimitServer s = server(endpoint, null, "");
    assertThat(s.call(request("per_minute", "s")).getOverallCode()).isEqualTo(Code.OK);
    long now = s.clock.millis() / 1000;
    assertThat(primary.cli("GET", "svc_per_minute_s_" + (now / 60 * 60))).isEqualTo("1");
  }

  @Test
  void sentinelWithItsOwnPasswordAndAPasswordedPrimary() throws Exception {
    RedisServer primary = own(RedisServer.withPassword("data-pw"));
    RedisServer watching = own(RedisServer.sentinelFor(primary, "mymaster", "sentinel-pw", "data-pw"));
    RedisEndpoint endpoint = new RedisEndpoint(RedisType.SENTINEL, "mymaster," + watching.url(), "data-pw", false,
        "sentinel-pw", Duration.ofSeconds(2), RedisTls.NONE);
    RateLimitServer s = server(endpoint, null, "");
    assertThat(s.call(request("per_minute", "sp")).getOverallCode()).isEqualTo(Code.OK);
    long now = s.clock.millis() / 1000;
    assertThat(primary.cli("GET", "svc_per_minute_sp_" + (now / 60 * 60))).isEqualTo("1");

    RedisEndpoint wrong = new RedisEndpoint(RedisType.SENTINEL, "mymaster," + watching.url(), "data-pw", false,
        "not-it", Duration.ofSeconds(1), RedisTls.NONE);
    RateLimitServer refused = server(wrong, null, "");
    assertThatThrownBy(() -> refused.call(request("per_minute", "sp")))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
  }

  @Test
  void clusterCountsAcrossThreeNodes() throws Exception {
    RedisCluster cluster = own(RedisCluster.start());
    RedisEndpoint endpoint = new RedisEndpoint(RedisType.CLUSTER, cluster.url(), "", false, "", Duration.ofSeconds(2), RedisTls.NONE);
    RateLimitServer s = server(endpoint, null, "");
    List<String> users = List.of("u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8");
    for (String u : users) {
      s.call(request("per_minute", u));
      s.call(request("per_minute", u));
    }
    RateLimitResponse r = s.call(RateLimitRequest.newBuilder().setDomain("svc")
        .addDescriptors(descriptor("per_minute", "u1")).addDescriptors(descriptor("per_minute", "u2")).build());
    assertThat(r.getStatusesList()).extracting(st -> st.getLimitRemaining()).containsExactly(7, 7);
    long now = s.clock.millis() / 1000;
    for (String u : users) {
      String expected = u.equals("u1") || u.equals("u2") ? "3" : "2";
      assertThat(cluster.get("svc_per_minute_" + u + "_" + (now / 60 * 60))).isEqualTo(expected);
    }
    // the keys are spread over the nodes, not all on one
    long nodesWithKeys = cluster.nodes().stream().filter(n -> !n.cli("DBSIZE").equals("0")).count();
    assertThat(nodesWithKeys).isGreaterThan(1);

    // a node goes away: calls whose keys live there fail fast, then recover when it is back
    RedisServer lost = cluster.nodes().get(1);
    String lostUser = users.stream().filter(u -> {
      String local = lost.cli("GET", "svc_per_minute_" + u + "_" + (now / 60 * 60));
      return !local.isEmpty() && !local.contains("MOVED");
    }).findFirst().orElseThrow();
    lost.stop();
    long start = System.nanoTime();
    assertThatThrownBy(() -> s.call(request("per_minute", lostUser)))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    lost.restart();
    assertThat(eventuallyOk(s, request("per_minute", lostUser), Duration.ofSeconds(30))).isTrue();
  }

  static boolean eventuallyOk(RateLimitServer s, RateLimitRequest r, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (s.call(r).getOverallCode() == Code.OK) {
          return true;
        }
      } catch (StatusRuntimeException e) {
        // still down
      }
      Thread.sleep(100);
    }
    return false;
  }
}
