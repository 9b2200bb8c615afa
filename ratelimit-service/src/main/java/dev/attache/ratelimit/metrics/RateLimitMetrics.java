package dev.attache.ratelimit.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * envoyproxy/ratelimit's stats as Micrometer meters. Its statsd names become Prometheus names
 * with the variable part as a label, the way its default Prometheus mapper does it:
 * {@code ratelimit.service.rate_limit.<key>.over_limit} is
 * {@code ratelimit_service_rate_limit_over_limit_total{key="<key>"}}, and
 * {@code ratelimit.service.config_load_success} is
 * {@code ratelimit_service_config_load_success_total}.
 */
public final class RateLimitMetrics {
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

  private final MeterRegistry registry;
  private final ConcurrentMap<String, LimitStats> limitStats = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> domainNotFound = new ConcurrentHashMap<>();
  private final Counter configLoadSuccess;
  private final Counter configLoadError;
  private final Counter redisError;
  private final Counter serviceError;
  private final Counter globalShadowMode;
  private final Counter totalRequests;
  private final Timer responseTime;

  public RateLimitMetrics(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry");
    this.configLoadSuccess = Counter.builder("ratelimit.service.config_load_success")
        .description("Rate limit configurations that loaded").register(registry);
    this.configLoadError = Counter.builder("ratelimit.service.config_load_error")
        .description("Rate limit configurations that were rejected").register(registry);
    this.redisError = Counter.builder("ratelimit.service.call.should_rate_limit")
        .tag("err_type", "redis_error").description("ShouldRateLimit calls that failed").register(registry);
    this.serviceError = Counter.builder("ratelimit.service.call.should_rate_limit")
        .tag("err_type", "service_error").description("ShouldRateLimit calls that failed").register(registry);
    this.globalShadowMode = Counter.builder("ratelimit.service.global_shadow_mode")
        .description("Responses turned to OK by SHADOW_MODE").register(registry);
    this.totalRequests = Counter.builder("ratelimit.service.total_requests").tag("grpc_method", "ShouldRateLimit")
        .description("ShouldRateLimit calls").register(registry);
    this.responseTime = Timer.builder("ratelimit.service.response_time").tag("grpc_method", "ShouldRateLimit")
        .description("ShouldRateLimit latency, from the call to its answer")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofNanos(10_000))
        .maximumExpectedValue(Duration.ofSeconds(10))
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** The counters of one limit key such as {@code test-domain.key1_value1.subkey1}. */
  public LimitStats stats(String key) {
    LimitStats s = limitStats.get(key);
    return s != null ? s : limitStats.computeIfAbsent(key, this::newStats);
  }

  private LimitStats newStats(String key) {
    String tag = sanitize(key);
    return new LimitStats(key,
        limitCounter("total_hits", tag),
        limitCounter("over_limit", tag),
        limitCounter("near_limit", tag),
        limitCounter("over_limit_with_local_cache", tag),
        limitCounter("within_limit", tag),
        limitCounter("shadow_mode", tag));
  }

  private Counter limitCounter(String stat, String key) {
    return Counter.builder("ratelimit.service.rate_limit." + stat).tag("key", key).register(registry);
  }

  public void domainNotFound(String domain) {
    Counter c = domainNotFound.get(domain);
    if (c == null) {
      c = domainNotFound.computeIfAbsent(domain, d -> Counter.builder("ratelimit.service.rate_limit.domain_not_found")
          .tag("domain", sanitize(d)).register(registry));
    }
    c.increment();
  }

  public Counter configLoadSuccess() {
    return configLoadSuccess;
  }

  public Counter configLoadError() {
    return configLoadError;
  }

  public Counter redisError() {
    return redisError;
  }

  public Counter serviceError() {
    return serviceError;
  }

  public Counter globalShadowMode() {
    return globalShadowMode;
  }

  public Counter totalRequests() {
    return totalRequests;
  }

  public Timer responseTime() {
    return responseTime;
  }

  /** As envoyproxy/ratelimit: ':' and '|' become '_', and so do the dots of IPv4 addresses. */
  static String sanitize(String key) {
    String s = key.replace(':', '_').replace('|', '_');
    Matcher m = IPV4.matcher(s);
    if (!m.find()) {
      return s;
    }
    return m.replaceAll(r -> r.group().replace('.', '_'));
  }
}
