package dev.attache.ratelimit.service;

import dev.attache.ratelimit.MutableClock;
import dev.attache.ratelimit.limiter.CounterBackend;
import dev.attache.ratelimit.redis.RedisCounterBackend;
import dev.attache.ratelimit.redis.RedisEndpoint;
import dev.attache.ratelimit.redis.RedisServer;
import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The limit behaviour on the Redis backend, against a real redis-server. */
class RedisLimitBehaviourTest extends LimitBehaviourTest {
  static RedisServer redis;

  @BeforeAll
  static void startRedis() {
    redis = RedisServer.start();
  }

  @AfterAll
  static void stopRedis() {
    redis.close();
  }

  @Override
  Function<MutableClock, CounterBackend> backend() {
    return clock -> new RedisCounterBackend(RedisEndpoint.single(redis.url(), Duration.ofSeconds(2)), null, 300,
        Duration.ofMillis(100), Duration.ofSeconds(1));
  }
}
