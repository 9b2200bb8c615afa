package dev.attache.ratelimit.redis;

import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.output.IntegerOutput;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A token bucket kept in one Redis hash and updated by one Lua script, so a take is a single
 * atomic step with no compare-and-swap retries: hot keys cannot livelock the way Bucket4j's
 * Redis compare-and-swap can under contention (bucket4j#603). The caller passes the time, as
 * it does for fixed windows, so every Attaché instance refills by the same rule.
 *
 * <p>The script answers the tokens left after the take, or {@code -1 - available} when the
 * bucket held fewer than asked (and then takes nothing). A take of 0 only looks.
 */
final class TokenBucketScript {
  static final String SOURCE = """
      local cap = tonumber(ARGV[1])
      local rate = tonumber(ARGV[2])
      local window = tonumber(ARGV[3])
      local now = tonumber(ARGV[4])
      local cost = tonumber(ARGV[5])
      local s = redis.call('HMGET', KEYS[1], 't', 'ts')
      local tokens = tonumber(s[1])
      local ts = tonumber(s[2])
      if tokens == nil or ts == nil then
        tokens = cap
        ts = now
      end
      if now > ts then
        tokens = math.min(cap, tokens + (now - ts) * rate / window)
        ts = now
      end
      local result
      if cost == 0 then
        result = math.floor(tokens)
      elseif tokens >= cost then
        tokens = tokens - cost
        result = math.floor(tokens)
      else
        result = -1 - math.floor(tokens)
      end
      redis.call('HSET', KEYS[1], 't', tostring(tokens), 'ts', tostring(ts))
      local idle = window
      if rate > 0 then
        idle = math.ceil((cap - tokens) * window / rate)
      end
      redis.call('PEXPIRE', KEYS[1], idle + 1000)
      return result
      """;
  static final String SHA = sha1(SOURCE);

  private TokenBucketScript() {
  }

  static AsyncCommand<String, String, Long> evalsha(String key, long capacity, long perWindow, long windowMillis,
      long nowMillis, long cost) {
    return command(CommandType.EVALSHA, SHA, key, capacity, perWindow, windowMillis, nowMillis, cost);
  }

  static AsyncCommand<String, String, Long> eval(String key, long capacity, long perWindow, long windowMillis,
      long nowMillis, long cost) {
    return command(CommandType.EVAL, SOURCE, key, capacity, perWindow, windowMillis, nowMillis, cost);
  }

  private static AsyncCommand<String, String, Long> command(CommandType type, String script, String key,
      long capacity, long perWindow, long windowMillis, long nowMillis, long cost) {
    CommandArgs<String, String> args = new CommandArgs<>(StringCodec.UTF8).add(script).add(1).addKey(key)
        .add(capacity).add(perWindow).add(windowMillis).add(nowMillis).add(cost);
    return new AsyncCommand<>(new Command<>(type, new IntegerOutput<>(StringCodec.UTF8), args));
  }

  private static String sha1(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
