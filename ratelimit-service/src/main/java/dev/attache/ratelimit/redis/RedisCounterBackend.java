package dev.attache.ratelimit.redis;

import dev.attache.ratelimit.limiter.BackendUnavailableException;
import dev.attache.ratelimit.limiter.CounterBackend;
import dev.attache.ratelimit.limiter.CounterOp;
import dev.attache.ratelimit.match.LimitRule;
import dev.attache.ratelimit.match.LimitRule.Algorithm;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.BooleanOutput;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Counters in Redis, written exactly as envoyproxy/ratelimit writes them so both can share one
 * Redis during a migration: per fixed-window key an {@code INCRBY key hits} and an
 * {@code EXPIRE key window+jitter}, all of a request's commands handed to the connection in one
 * batch (one write, one round trip). Limits in SECOND go to the per-second Redis when one is
 * configured ({@code REDIS_PERSECOND}). Token buckets run {@link TokenBucketScript}.
 */
public final class RedisCounterBackend implements CounterBackend {
  private final ClientResources resources;
  private final RedisConnection main;
  private final RedisConnection perSecond;
  private final long jitterMaxSeconds;

  /**
   * @param perSecond the per-second Redis, or null
   * @param jitterMaxSeconds {@code EXPIRATION_JITTER_MAX_SECONDS}: up to this much is added to each EXPIRE
   */
  public RedisCounterBackend(RedisEndpoint main, RedisEndpoint perSecond, long jitterMaxSeconds,
      Duration initialBackoff, Duration maxBackoff) {
    // Lettuce's default reconnect backoff grows to 30 s; after a long outage that would delay
    // recovery by as much, so it is capped at 2 s.
    this.resources = DefaultClientResources.builder()
        .reconnectDelay(Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(2), 2, TimeUnit.MILLISECONDS))
        .build();
    this.main = new RedisConnection("main", main, resources, initialBackoff, maxBackoff);
    this.perSecond = perSecond == null ? null
        : new RedisConnection("per-second", perSecond, resources, initialBackoff, maxBackoff);
    this.jitterMaxSeconds = jitterMaxSeconds;
    this.main.start();
    if (this.perSecond != null) {
      this.perSecond.start();
    }
  }

  @Override
  public CompletableFuture<long[]> apply(List<CounterOp> ops) {
    StatefulConnection<String, String> mainConnection;
    StatefulConnection<String, String> secondConnection = null;
    try {
      mainConnection = main.get();
      if (perSecond != null) {
        for (CounterOp op : ops) {
          if (op.rule().perSecond()) {
            secondConnection = perSecond.get();
            break;
          }
        }
      }
    } catch (BackendUnavailableException e) {
      return CompletableFuture.failedFuture(e);
    }
    List<RedisCommand<String, String, ?>> mainBatch = new ArrayList<>(ops.size() * 2);
    List<RedisCommand<String, String, ?>> secondBatch = secondConnection == null ? null : new ArrayList<>();
    @SuppressWarnings({"unchecked", "rawtypes"})
    CompletableFuture<Long>[] results = new CompletableFuture[ops.size()];
    for (int i = 0; i < results.length; i++) {
      CounterOp op = ops.get(i);
      boolean toSecond = secondConnection != null && op.rule().perSecond();
      StatefulConnection<String, String> connection = toSecond ? secondConnection : mainConnection;
      List<RedisCommand<String, String, ?>> batch = toSecond ? secondBatch : mainBatch;
      LimitRule rule = op.rule();
      if (rule.algorithm() == Algorithm.FIXED_WINDOW) {
        AsyncCommand<String, String, Long> incr = new AsyncCommand<>(new Command<>(CommandType.INCRBY,
            new IntegerOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey(op.key()).add(op.hits())));
        long ttl = rule.windowSeconds() + (jitterMaxSeconds > 0 ? ThreadLocalRandom.current().nextLong(jitterMaxSeconds) : 0);
        AsyncCommand<String, String, Boolean> expire = new AsyncCommand<>(new Command<>(CommandType.EXPIRE,
            new BooleanOutput<>(StringCodec.UTF8), new CommandArgs<>(StringCodec.UTF8).addKey(op.key()).add(ttl)));
        batch.add(incr);
        batch.add(expire);
        results[i] = incr;
      } else {
        long windowMillis = rule.windowSeconds() * 1000;
        AsyncCommand<String, String, Long> take = TokenBucketScript.evalsha(op.key(), rule.capacity(),
            rule.requestsPerUnit(), windowMillis, op.nowMillis(), op.hits());
        batch.add(take);
        results[i] = take.exceptionallyCompose(e -> {
          if (unwrap(e) instanceof RedisNoScriptException) {
            // First use on this server (or after a restart or SCRIPT FLUSH): EVAL loads it.
            AsyncCommand<String, String, Long> eval = TokenBucketScript.eval(op.key(), rule.capacity(),
                rule.requestsPerUnit(), windowMillis, op.nowMillis(), op.hits());
            connection.dispatch(eval);
            return eval;
          }
          return CompletableFuture.failedFuture(e);
        });
      }
    }
    try {
      if (!mainBatch.isEmpty()) {
        mainConnection.dispatch(mainBatch);
      }
      if (secondBatch != null && !secondBatch.isEmpty()) {
        secondConnection.dispatch(secondBatch);
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(unavailable(e));
    }
    return CompletableFuture.allOf(results).handle((ignored, error) -> {
      if (error != null) {
        throw new CompletionException(unavailable(unwrap(error)));
      }
      long[] out = new long[results.length];
      for (int i = 0; i < out.length; i++) {
        Long v = results[i].join();
        out[i] = v == null ? 0 : v;
      }
      return out;
    });
  }

  private BackendUnavailableException unavailable(Throwable e) {
    if (e instanceof BackendUnavailableException b) {
      return b;
    }
    return new BackendUnavailableException("redis (" + main.describe() + "): " + e.getMessage(), e);
  }

  private static Throwable unwrap(Throwable e) {
    while (e instanceof CompletionException && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  @Override
  public boolean healthy() {
    return main.isOpen() && (perSecond == null || perSecond.isOpen());
  }

  @Override
  public void close() {
    main.close();
    if (perSecond != null) {
      perSecond.close();
    }
    resources.shutdown(0, 2, TimeUnit.SECONDS);
  }
}
