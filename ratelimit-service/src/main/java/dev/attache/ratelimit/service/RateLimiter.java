package dev.attache.ratelimit.service;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.TextFormat;
import com.google.protobuf.Value;
import dev.attache.ratelimit.limiter.BackendUnavailableException;
import dev.attache.ratelimit.limiter.RateLimitEngine;
import dev.attache.ratelimit.match.MatchedLimit;
import dev.attache.ratelimit.match.RateLimitConfig;
import dev.attache.ratelimit.metrics.RateLimitMetrics;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.DescriptorStatus;
import io.grpc.Status;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * ShouldRateLimit as envoyproxy/ratelimit answers it, for the gRPC service and the HTTP
 * {@code /json} endpoint alike: find each descriptor's limit, drop the unlimited and the
 * replaced ones, count, then build the answer (statuses in request order, OVER_LIMIT when any
 * non-quota descriptor is over or every quota descriptor is, the RateLimit-* headers of the
 * descriptor closest to its limit, dynamic metadata, global shadow mode).
 */
public final class RateLimiter {
  private static final long MAX_UINT32 = 0xFFFF_FFFFL;

  private final Supplier<RateLimitConfig> config;
  private final RateLimitEngine engine;
  private final ServiceSettings settings;
  private final RateLimitMetrics metrics;

  public RateLimiter(Supplier<RateLimitConfig> config, RateLimitEngine engine, ServiceSettings settings,
      RateLimitMetrics metrics) {
    this.config = requireNonNull(config, "config");
    this.engine = requireNonNull(engine, "engine");
    this.settings = requireNonNull(settings, "settings");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  public RateLimitEngine engine() {
    return engine;
  }

  /**
   * The answer, or a future failed with {@link RateLimitCallException}: INVALID_ARGUMENT for a
   * request without domain or descriptors, UNAVAILABLE without configuration or when the
   * counters cannot be reached.
   */
  public CompletableFuture<RateLimitResponse> shouldRateLimit(RateLimitRequest request) {
    metrics.totalRequests().increment();
    CompletableFuture<DescriptorStatus[]> counted;
    MatchedLimit[] limits;
    boolean[] unlimited;
    try {
      String domain = request.getDomain();
      if (domain.isEmpty()) {
        throw serviceError(Status.INVALID_ARGUMENT, "rate limit domain must not be empty");
      }
      int n = request.getDescriptorsCount();
      if (n == 0) {
        throw serviceError(Status.INVALID_ARGUMENT, "rate limit descriptor list must not be empty");
      }
      RateLimitConfig current = config.get();
      if (current == null) {
        throw serviceError(Status.UNAVAILABLE, "no rate limit configuration loaded");
      }
      limits = new MatchedLimit[n];
      unlimited = new boolean[n];
      Set<String> replacing = null;
      for (int i = 0; i < n; i++) {
        MatchedLimit m;
        try {
          m = current.getLimit(domain, request.getDescriptors(i));
        } catch (IllegalArgumentException e) {
          throw serviceError(Status.INVALID_ARGUMENT, "descriptors[" + i + "]: " + e.getMessage());
        }
        if (m != null) {
          if (!m.primary().replaces().isEmpty()) {
            if (replacing == null) {
              replacing = new HashSet<>();
            }
            replacing.addAll(m.primary().replaces());
          }
          if (m.unlimited()) {
            unlimited[i] = true;
            m = null;
          }
        }
        limits[i] = m;
      }
      if (replacing != null) {
        for (int i = 0; i < n; i++) {
          if (limits[i] != null && !limits[i].primary().name().isEmpty() && replacing.contains(limits[i].primary().name())) {
            limits[i] = null;
          }
        }
      }
      counted = engine.doLimit(request, limits, hitsAddends(request));
    } catch (RateLimitCallException e) {
      return CompletableFuture.failedFuture(e);
    }
    return counted.handle((statuses, error) -> {
      if (error != null) {
        throw new CompletionException(translate(error));
      }
      return response(request, limits, unlimited, statuses);
    });
  }

  private RuntimeException translate(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof BackendUnavailableException b) {
      metrics.redisError().increment();
      return new RateLimitCallException(Status.UNAVAILABLE.withDescription(b.getMessage()).withCause(b));
    }
    if (cause instanceof RateLimitCallException r) {
      return r;
    }
    metrics.serviceError().increment();
    return new RateLimitCallException(Status.INTERNAL.withDescription("rate limit check failed: " + cause).withCause(cause));
  }

  private RateLimitCallException serviceError(Status status, String message) {
    metrics.serviceError().increment();
    return new RateLimitCallException(status.withDescription(message));
  }

  /**
   * Per descriptor: its own {@code hits_addend} when set (0 means check without counting), else
   * the request's, where 0 counts as 1.
   */
  static long[] hitsAddends(RateLimitRequest request) {
    long[] hits = new long[request.getDescriptorsCount()];
    long requestHits = Math.max(1, Integer.toUnsignedLong(request.getHitsAddend()));
    for (int i = 0; i < hits.length; i++) {
      RateLimitDescriptor d = request.getDescriptors(i);
      hits[i] = d.hasHitsAddend() ? d.getHitsAddend().getValue() : requestHits;
    }
    return hits;
  }

  private RateLimitResponse response(RateLimitRequest request, MatchedLimit[] limits, boolean[] unlimited,
      DescriptorStatus[] statuses) {
    RateLimitResponse.Builder response = RateLimitResponse.newBuilder();
    long minRemaining = MAX_UINT32;
    DescriptorStatus closest = null;
    int failedRateLimit = 0;
    int failedQuota = 0;
    int totalQuota = 0;
    boolean[] passed = settings.dynamicMetadata() ? new boolean[statuses.length] : null;
    for (int i = 0; i < statuses.length; i++) {
      DescriptorStatus s = statuses[i];
      if (settings.responseHeaders() && s.hasCurrentLimit() && Integer.toUnsignedLong(s.getLimitRemaining()) < minRemaining) {
        closest = s;
        minRemaining = Integer.toUnsignedLong(s.getLimitRemaining());
      }
      if (unlimited[i]) {
        response.addStatuses(DescriptorStatus.newBuilder().setCode(Code.OK).setLimitRemaining((int) MAX_UINT32));
        continue;
      }
      response.addStatuses(s);
      boolean quota = settings.globalQuotaMode() || (limits[i] != null && limits[i].quotaMode());
      if (s.getCode() == Code.OVER_LIMIT) {
        if (quota) {
          failedQuota++;
        } else {
          failedRateLimit++;
          closest = s;
          minRemaining = 0;
        }
      } else if (passed != null) {
        passed[i] = true;
      }
      if (quota) {
        totalQuota++;
      }
    }
    Code overall = failedRateLimit > 0 || (totalQuota > 0 && totalQuota == failedQuota) ? Code.OVER_LIMIT : Code.OK;
    if (settings.responseHeaders() && closest != null) {
      response.addResponseHeadersToAdd(header(settings.limitHeader(), Integer.toUnsignedString(closest.getCurrentLimit().getRequestsPerUnit())));
      response.addResponseHeadersToAdd(header(settings.remainingHeader(), Integer.toUnsignedString(closest.getLimitRemaining())));
      response.addResponseHeadersToAdd(header(settings.resetHeader(), Long.toString(closest.getDurationUntilReset().getSeconds())));
    }
    if (overall == Code.OVER_LIMIT && settings.globalShadowMode()) {
      overall = Code.OK;
      metrics.globalShadowMode().increment();
    }
    if (passed != null) {
      response.setDynamicMetadata(metadata(request, passed, limits));
    }
    return response.setOverallCode(overall).build();
  }

  private static HeaderValue header(String key, String value) {
    return HeaderValue.newBuilder().setKey(key).setValue(value).build();
  }

  /** The {@code dynamic_metadata} envoyproxy/ratelimit returns with RESPONSE_DYNAMIC_METADATA. */
  private static Struct metadata(RateLimitRequest request, boolean[] passed, MatchedLimit[] limits) {
    Struct.Builder fields = Struct.newBuilder();
    fields.putFields("domain", Value.newBuilder().setStringValue(request.getDomain()).build());
    ListValue.Builder descriptors = ListValue.newBuilder();
    for (RateLimitDescriptor d : request.getDescriptorsList()) {
      Struct.Builder ds = Struct.newBuilder();
      ListValue.Builder entries = ListValue.newBuilder();
      for (RateLimitDescriptor.Entry e : d.getEntriesList()) {
        entries.addValues(Value.newBuilder().setStringValue(e.getKey() + "=" + e.getValue()));
      }
      ds.putFields("entries", Value.newBuilder().setListValue(entries).build());
      if (d.hasLimit()) {
        ds.putFields("limit", Value.newBuilder().setStringValue(TextFormat.shortDebugString(d.getLimit())).build());
      }
      if (d.hasHitsAddend()) {
        ds.putFields("hitsAddend", Value.newBuilder().setNumberValue(d.getHitsAddend().getValue()).build());
      }
      descriptors.addValues(Value.newBuilder().setStructValue(ds));
    }
    fields.putFields("descriptors", Value.newBuilder().setListValue(descriptors).build());
    if (request.getHitsAddend() != 0) {
      fields.putFields("hitsAddend", Value.newBuilder().setNumberValue(Integer.toUnsignedLong(request.getHitsAddend())).build());
    }
    Struct.Builder merged = Struct.newBuilder();
    for (int i = 0; i < passed.length; i++) {
      if (passed[i] && limits[i] != null && limits[i].metadata() != null) {
        merge(merged, limits[i].metadata());
      }
    }
    if (merged.getFieldsCount() > 0) {
      fields.putFields("metadata", Value.newBuilder().setStructValue(merged).build());
    }
    return fields.build();
  }

  /** Adds what {@code dest} lacks; structs present in both merge recursively; the first value wins. */
  private static void merge(Struct.Builder dest, Struct src) {
    for (Map.Entry<String, Value> e : src.getFieldsMap().entrySet()) {
      Value existing = dest.getFieldsMap().get(e.getKey());
      if (existing == null) {
        dest.putFields(e.getKey(), e.getValue());
      } else if (existing.hasStructValue() && e.getValue().hasStructValue()) {
        Struct.Builder inner = existing.getStructValue().toBuilder();
        merge(inner, e.getValue().getStructValue());
        dest.putFields(e.getKey(), Value.newBuilder().setStructValue(inner).build());
      }
    }
  }
}
