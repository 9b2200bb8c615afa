package dev.attache.control.gatewayapi.traffic;

import dev.attache.control.ir.ActiveHealthCheck;
import dev.attache.control.ir.BackOffPolicy;
import dev.attache.control.ir.BackendConnection;
import dev.attache.control.ir.BackendUtilization;
import dev.attache.control.ir.Bytes;
import dev.attache.control.ir.CircuitBreaker;
import dev.attache.control.ir.ConsistentHash;
import dev.attache.control.ir.Dns;
import dev.attache.control.ir.Empty;
import dev.attache.control.ir.EndpointOverride;
import dev.attache.control.ir.EndpointOverrideExtractFrom;
import dev.attache.control.ir.FileSink;
import dev.attache.control.ir.ForceLocalZone;
import dev.attache.control.ir.GrpcHealthChecker;
import dev.attache.control.ir.HashCookie;
import dev.attache.control.ir.HealthCheck;
import dev.attache.control.ir.HealthCheckLog;
import dev.attache.control.ir.HealthCheckOverrides;
import dev.attache.control.ir.HealthCheckPayload;
import dev.attache.control.ir.HttpHealthChecker;
import dev.attache.control.ir.HttpTimeout;
import dev.attache.control.ir.LoadBalancer;
import dev.attache.control.ir.NameRef;
import dev.attache.control.ir.OutOfBandReporting;
import dev.attache.control.ir.OutlierDetection;
import dev.attache.control.ir.PerEndpointCircuitBreaker;
import dev.attache.control.ir.PerRetryPolicy;
import dev.attache.control.ir.Preconnect;
import dev.attache.control.ir.PreferLocalZone;
import dev.attache.control.ir.Retry;
import dev.attache.control.ir.RetryBudget;
import dev.attache.control.ir.RetryOn;
import dev.attache.control.ir.SlowStart;
import dev.attache.control.ir.SlowStartHolder;
import dev.attache.control.ir.TcpHealthChecker;
import dev.attache.control.ir.TcpTimeout;
import dev.attache.control.ir.Timeout;
import dev.attache.control.ir.TrafficFeatures;
import dev.attache.control.ir.UpstreamProxyProtocol;
import dev.attache.control.ir.WeightedZoneConfig;
import dev.attache.control.resource.envoygateway.ActiveHealthCheckPayload;
import dev.attache.control.resource.envoygateway.ClusterSettings;
import dev.attache.control.resource.envoygateway.ProxyHealthCheckLog;
import dev.attache.control.resource.meta.GoDuration;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Backend cluster settings (timeouts, connection buffers, keepalive, circuit breaker, load
 * balancing, PROXY protocol, health checks, DNS, HTTP/2, retries) translated to IR traffic
 * features, with Envoy Gateway's validation and messages. Shared by BackendTrafficPolicy and by
 * every {@code backendSettings} (telemetry sinks, extension services, auth providers).
 */
public final class ClusterSettingsTranslation {
  private static final long MAX_CONSISTENT_HASH_TABLE_SIZE = 5000011;
  private static final long MAX_UINT32 = 4294967295L;

  private ClusterSettingsTranslation() {}

  /** The traffic features of {@code backendSettings}, or null when it sets none. */
  public static TrafficFeatures translate(ClusterSettings s) throws PolicyException {
    if (s == null) {
      return null;
    }
    Timeout timeout = timeout(s.timeout());
    BackendConnection connection = backendConnection(s.connection());
    var keepalive = ListenerSettings.keepalive(s.tcpKeepalive());
    CircuitBreaker circuitBreaker = circuitBreaker(s.circuitBreaker());
    LoadBalancer loadBalancer = loadBalancer(s.loadBalancer());
    UpstreamProxyProtocol proxyProtocol = proxyProtocol(s.proxyProtocol());
    HealthCheck healthCheck = healthCheck(s.healthCheck());
    Dns dns = dns(s.dns(), "");
    var http2 = ListenerSettings.http2(s.http2());
    Retry retry = retry(s.retry());
    if (timeout == null && connection == null && keepalive == null && circuitBreaker == null && loadBalancer == null
        && proxyProtocol == null && healthCheck == null && dns == null && http2 == null && retry == null) {
      return null;
    }
    return TrafficFeatures.builder().dns(dns).loadBalancer(loadBalancer).proxyProtocol(proxyProtocol).http2(http2)
        .healthCheck(healthCheck).circuitBreaker(circuitBreaker).timeout(timeout).tcpKeepalive(keepalive)
        .backendConnection(connection).retry(retry).build();
  }

  public static GoDuration goDuration(String text) {
    return GoDuration.tryParse(text).orElse(null);
  }

  /** Upstream timeouts; every value is checked, errors joined. */
  public static Timeout timeout(dev.attache.control.resource.envoygateway.Timeout t) throws PolicyException {
    if (t == null) {
      return null;
    }
    Errors errs = new Errors();
    TcpTimeout tcp = null;
    if (t.tcp() != null && t.tcp().connectTimeout() != null) {
      GoDuration d = goDuration(t.tcp().connectTimeout());
      if (d == null) {
        errs.add("invalid ConnectTimeout value " + t.tcp().connectTimeout());
      } else {
        tcp = new TcpTimeout(d);
      }
    }
    HttpTimeout http = null;
    if (t.http() != null) {
      var h = t.http();
      GoDuration idle = checked(h.connectionIdleTimeout(), "ConnectionIdleTimeout", errs);
      GoDuration maxConnection = checked(h.maxConnectionDuration(), "MaxConnectionDuration", errs);
      GoDuration request = checked(h.requestTimeout(), "RequestTimeout", errs);
      GoDuration maxStream = checked(h.maxStreamDuration(), "MaxStreamDuration", errs);
      GoDuration streamIdle = checked(h.streamIdleTimeout(), "StreamIdleTimeout", errs);
      http = new HttpTimeout(idle, maxConnection, maxStream, request, streamIdle);
    }
    if (!errs.isEmpty()) {
      throw new PolicyException(errs.message());
    }
    return new Timeout(tcp, http);
  }

  private static GoDuration checked(String value, String name, Errors errs) {
    if (value == null) {
      return null;
    }
    GoDuration d = goDuration(value);
    if (d == null) {
      errs.add("invalid " + name + " value " + value);
    }
    return d;
  }

  public static BackendConnection backendConnection(dev.attache.control.resource.envoygateway.BackendConnection c)
      throws PolicyException {
    if (c == null) {
      return null;
    }
    Integer buffer = null;
    if (c.bufferLimit() != null) {
      Long v = c.bufferLimit().asLong();
      if (v == null) {
        throw new PolicyException("invalid BufferLimit value " + c.bufferLimit());
      }
      if (v < 0 || v > MAX_UINT32) {
        throw new PolicyException("BufferLimit value " + c.bufferLimit() + " is out of range");
      }
      buffer = (int) (long) v;
    }
    Preconnect preconnect = null;
    if (c.preconnect() != null) {
      var p = c.preconnect();
      preconnect = new Preconnect(p.perEndpointPercent() == null ? null : p.perEndpointPercent().intValue(),
          p.predictivePercent() == null ? null : p.predictivePercent().intValue());
    }
    return new BackendConnection(buffer, preconnect);
  }

  private static Long uint32(Long v, String name) throws PolicyException {
    if (v != null && (v < 0 || v > MAX_UINT32)) {
      throw new PolicyException("invalid " + name + " value " + v);
    }
    return v;
  }

  public static CircuitBreaker circuitBreaker(dev.attache.control.resource.envoygateway.CircuitBreaker c)
      throws PolicyException {
    if (c == null) {
      return null;
    }
    Long maxConnections = uint32(c.maxConnections(), "MaxConnections");
    Long maxParallelRequests = uint32(c.maxParallelRequests(), "MaxParallelRequests");
    Long maxPendingRequests = uint32(c.maxPendingRequests(), "MaxPendingRequests");
    Long maxParallelRetries = uint32(c.maxParallelRetries(), "MaxParallelRetries");
    Long maxRequestsPerConnection = uint32(c.maxRequestsPerConnection(), "MaxRequestsPerConnection");
    PerEndpointCircuitBreaker perEndpoint = null;
    if (c.perEndpoint() != null) {
      Long m = c.perEndpoint().maxConnections();
      perEndpoint = new PerEndpointCircuitBreaker(m != null && m >= 0 && m <= MAX_UINT32 ? m : null);
    }
    RetryBudget budget = null;
    if (c.retryBudget() != null) {
      var f = c.retryBudget().percent();
      double percent = 0;
      if (f != null) {
        int denominator = f.denominator() == null ? 100 : f.denominator();
        percent = denominator == 0 ? 0 : 100.0 * f.numerator() / denominator;
      }
      Long min = c.retryBudget().minRetryConcurrency();
      budget = new RetryBudget(percent, min == null ? 3 : (int) (long) min);
    }
    return new CircuitBreaker(maxConnections, maxPendingRequests, maxParallelRequests, maxRequestsPerConnection,
        maxParallelRetries, perEndpoint, budget);
  }

  private static SlowStart slowStart(dev.attache.control.resource.envoygateway.SlowStart s) throws PolicyException {
    if (s == null || s.window() == null) {
      return null;
    }
    GoDuration d = goDuration(s.window());
    if (d == null) {
      throw new PolicyException("time: invalid duration \"" + s.window() + "\"");
    }
    return new SlowStart(d);
  }

  private static GoDuration period(String value, String name) throws PolicyException {
    if (value == null) {
      return null;
    }
    GoDuration d = goDuration(value);
    if (d == null) {
      throw new PolicyException("invalid " + name + " value " + value + ": time: invalid duration \"" + value + "\"");
    }
    return d;
  }

  public static LoadBalancer loadBalancer(dev.attache.control.resource.envoygateway.LoadBalancer lb) throws PolicyException {
    if (lb == null) {
      return null;
    }
    SlowStartHolder roundRobin = null;
    SlowStartHolder leastRequest = null;
    Empty random = null;
    ConsistentHash consistentHash = null;
    BackendUtilization utilization = null;
    String type = lb.type() == null ? "" : lb.type();
    switch (type) {
      case "ConsistentHash" -> {
        try {
          consistentHash = consistentHash(lb.consistentHash());
        } catch (PolicyException e) {
          throw new PolicyException("ConsistentHash: " + e.getMessage());
        }
      }
      case "LeastRequest" -> leastRequest = new SlowStartHolder(slowStart(lb.slowStart()));
      case "Random" -> random = new Empty();
      case "RoundRobin" -> roundRobin = new SlowStartHolder(slowStart(lb.slowStart()));
      case "BackendUtilization" -> {
        var u = lb.backendUtilization();
        GoDuration blackout = null;
        GoDuration expiration = null;
        GoDuration update = null;
        Integer penalty = null;
        List<String> metricNames = null;
        Boolean keep = false;
        OutOfBandReporting oob = null;
        if (u != null) {
          blackout = period(u.blackoutPeriod(), "BlackoutPeriod");
          expiration = period(u.weightExpirationPeriod(), "WeightExpirationPeriod");
          update = period(u.weightUpdatePeriod(), "WeightUpdatePeriod");
          penalty = u.errorUtilizationPenaltyPercent() == null ? null : u.errorUtilizationPenaltyPercent().intValue();
          if (u.metricNamesForComputingUtilization() != null && !u.metricNamesForComputingUtilization().isEmpty()) {
            metricNames = List.copyOf(u.metricNamesForComputingUtilization());
          }
          keep = Boolean.TRUE.equals(u.keepResponseHeaders());
          if (u.outOfBand() != null) {
            var o = u.outOfBand();
            oob = new OutOfBandReporting(period(o.reportingPeriod(), "OutOfBand ReportingPeriod"), o.port(),
                o.authority());
          }
        } else {
          keep = null;
        }
        utilization = new BackendUtilization(blackout, expiration, update, penalty, metricNames,
            slowStart(lb.slowStart()), keep, oob);
      }
      default -> {
        return null;
      }
    }
    PreferLocalZone preferLocal = null;
    List<WeightedZoneConfig> weightedZones = null;
    if (lb.zoneAware() != null && lb.zoneAware().preferLocal() != null) {
      var p = lb.zoneAware().preferLocal();
      preferLocal = new PreferLocalZone(
          p.force() == null ? null : new ForceLocalZone(p.force().minEndpointsInZoneThreshold() == null ? null
              : p.force().minEndpointsInZoneThreshold().intValue()),
          p.minEndpointsThreshold(), p.percentageEnabled() == null ? null : p.percentageEnabled().intValue());
    }
    if (lb.zoneAware() != null && lb.zoneAware().weightedZones() != null && !lb.zoneAware().weightedZones().isEmpty()) {
      weightedZones = new ArrayList<>();
      for (var z : lb.zoneAware().weightedZones()) {
        weightedZones.add(new WeightedZoneConfig(z.zone(), z.weight() == null ? 0 : (int) (long) z.weight()));
      }
    }
    EndpointOverride endpointOverride = null;
    if (lb.endpointOverride() != null) {
      List<EndpointOverrideExtractFrom> from = new ArrayList<>();
      if (lb.endpointOverride().extractFrom() != null) {
        for (var e : lb.endpointOverride().extractFrom()) {
          from.add(new EndpointOverrideExtractFrom(e.header()));
        }
      }
      endpointOverride = new EndpointOverride(from);
    }
    return new LoadBalancer(roundRobin, leastRequest, random, consistentHash, utilization, preferLocal, weightedZones,
        endpointOverride);
  }

  private static ConsistentHash consistentHash(dev.attache.control.resource.envoygateway.ConsistentHash c)
      throws PolicyException {
    Long tableSize = null;
    if (c != null && c.tableSize() != null) {
      long size = c.tableSize();
      if (size > MAX_CONSISTENT_HASH_TABLE_SIZE || !BigInteger.valueOf(size).isProbablePrime(20)) {
        throw new PolicyException("invalid TableSize value " + size);
      }
      tableSize = size;
    }
    Boolean sourceIp = null;
    List<NameRef> headers = null;
    HashCookie cookie = null;
    List<NameRef> queryParams = null;
    String type = c == null || c.type() == null ? "" : c.type();
    switch (type) {
      case "SourceIP" -> sourceIp = true;
      case "Header" -> headers = List.of(new NameRef(c.header() == null ? "" : c.header().name()));
      case "Headers" -> {
        headers = new ArrayList<>();
        for (var h : c.headers() == null ? List.<dev.attache.control.resource.envoygateway.Header>of() : c.headers()) {
          headers.add(new NameRef(h.name()));
        }
      }
      case "Cookie" -> {
        if (c.cookie() != null) {
          cookie = new HashCookie(c.cookie().name(), c.cookie().ttl() == null ? null : goDuration(c.cookie().ttl()),
              c.cookie().attributes());
        }
      }
      case "QueryParams" -> {
        queryParams = new ArrayList<>();
        for (var q : c.queryParams() == null ? List.<dev.attache.control.resource.envoygateway.QueryParam>of()
            : c.queryParams()) {
          queryParams.add(new NameRef(q.name()));
        }
      }
      default -> { }
    }
    return new ConsistentHash(sourceIp, headers, cookie, queryParams, tableSize);
  }

  public static UpstreamProxyProtocol proxyProtocol(dev.attache.control.resource.envoygateway.ProxyProtocol p) {
    if (p == null) {
      return null;
    }
    return switch (p.version() == null ? "" : p.version()) {
      case "V1" -> new UpstreamProxyProtocol("V1");
      case "V2" -> new UpstreamProxyProtocol("V2");
      default -> null;
    };
  }

  public static HealthCheck healthCheck(dev.attache.control.resource.envoygateway.HealthCheck h) {
    if (h == null) {
      return null;
    }
    ActiveHealthCheck active = active(h.active());
    if (active != null && h.active().healthCheckLog() != null) {
      active = new ActiveHealthCheck(active.timeout(), active.interval(), active.initialJitter(),
          active.unhealthyThreshold(), active.healthyThreshold(), active.http(), active.tcp(), active.grpc(),
          active.overrides(), healthCheckLog(h.active().healthCheckLog()));
    }
    return new HealthCheck(active, passive(h.passive()),
        h.panicThreshold() == null ? null : h.panicThreshold().intValue());
  }

  private static OutlierDetection passive(dev.attache.control.resource.envoygateway.PassiveHealthCheck p) {
    if (p == null) {
      return null;
    }
    GoDuration interval = null;
    if (p.interval() != null) {
      interval = goDuration(p.interval());
      if (interval == null) {
        return null;
      }
    }
    GoDuration baseEjection = null;
    if (p.baseEjectionTime() != null) {
      baseEjection = goDuration(p.baseEjectionTime());
      if (baseEjection == null) {
        return null;
      }
    }
    return new OutlierDetection(interval, p.splitExternalLocalOriginErrors(), toInt(p.consecutiveLocalOriginFailures()),
        toInt(p.consecutiveGatewayErrors()), toInt(p.consecutive5XxErrors()), baseEjection, p.maxEjectionPercent(),
        toInt(p.failurePercentageThreshold()), p.alwaysEjectOneEndpoint());
  }

  private static Integer toInt(Long v) {
    return v == null ? null : (int) (long) v;
  }

  private static ActiveHealthCheck active(dev.attache.control.resource.envoygateway.ActiveHealthCheck a) {
    if (a == null) {
      return null;
    }
    GoDuration timeout = a.timeout() == null ? null : goDuration(a.timeout());
    GoDuration interval = a.interval() == null ? null : goDuration(a.interval());
    GoDuration jitter = a.initialJitter() == null ? null : goDuration(a.initialJitter());
    HttpHealthChecker http = null;
    TcpHealthChecker tcp = null;
    GrpcHealthChecker grpc = null;
    switch (a.type() == null ? "" : a.type()) {
      case "HTTP" -> http = httpChecker(a.http());
      case "TCP" -> tcp = a.tcp() == null ? null : new TcpHealthChecker(payload(a.tcp().send()), payload(a.tcp().receive()));
      case "GRPC" -> grpc = new GrpcHealthChecker(a.grpc() == null ? null : a.grpc().service());
      default -> { }
    }
    HealthCheckOverrides overrides = a.overrides() == null ? null
        : new HealthCheckOverrides(a.overrides().port() == null ? 0 : a.overrides().port());
    return new ActiveHealthCheck(timeout, interval, jitter, toInt(a.unhealthyThreshold()),
        toInt(a.healthyThreshold()), http, tcp, grpc, overrides, null);
  }

  private static HttpHealthChecker httpChecker(dev.attache.control.resource.envoygateway.HTTPActiveHealthChecker h) {
    if (h == null) {
      return null;
    }
    TreeSet<Integer> expected = new TreeSet<>();
    if (h.expectedStatuses() != null) {
      expected.addAll(h.expectedStatuses());
    }
    if (expected.isEmpty()) {
      expected.add(200);
    }
    TreeSet<Integer> retriable = new TreeSet<>();
    if (h.retriableStatuses() != null) {
      retriable.addAll(h.retriableStatuses());
    }
    return new HttpHealthChecker(h.hostname(), h.path(),
        h.method() == null ? null : h.method().toUpperCase(Locale.ROOT), List.copyOf(expected),
        retriable.isEmpty() ? null : List.copyOf(retriable), payload(h.expectedResponse()), payload(h.requestBody()));
  }

  private static HealthCheckPayload payload(ActiveHealthCheckPayload p) {
    if (p == null) {
      return null;
    }
    return switch (p.type() == null ? "" : p.type()) {
      case "Text" -> new HealthCheckPayload(p.text(), null);
      case "Binary" -> new HealthCheckPayload(null,
          p.binary() == null ? Bytes.of(new byte[0]) : Bytes.of(Base64.getDecoder().decode(p.binary())));
      default -> new HealthCheckPayload(null, null);
    };
  }

  /** Health-check event logging: which events, and to which files (standard output by default). */
  public static HealthCheckLog healthCheckLog(ProxyHealthCheckLog h) {
    if (h == null) {
      return null;
    }
    boolean failures = false;
    boolean successes = false;
    if (h.matches() == null || h.matches().isEmpty()) {
      failures = true;
      successes = true;
    } else {
      for (String m : h.matches()) {
        if ("Failure".equals(m)) {
          failures = true;
        } else if ("Success".equals(m)) {
          successes = true;
        }
      }
    }
    List<FileSink> sinks = new ArrayList<>();
    if (h.sinks() == null || h.sinks().isEmpty()) {
      sinks.add(new FileSink("/dev/stdout"));
    } else {
      for (var s : h.sinks()) {
        if ("File".equals(s.type()) && s.file() != null) {
          sinks.add(new FileSink(s.file().path()));
        }
      }
    }
    return new HealthCheckLog(sinks, failures, successes);
  }

  public static Dns dns(dev.attache.control.resource.envoygateway.DNS d, String name) {
    if (d == null) {
      return null;
    }
    GoDuration refresh = d.dnsRefreshRate() == null ? null : goDuration(d.dnsRefreshRate());
    return new Dns(refresh, d.respectDnsTtl(), d.lookupFamily(), name);
  }

  public static Retry retry(dev.attache.control.resource.envoygateway.Retry r) throws PolicyException {
    if (r == null) {
      return null;
    }
    RetryOn retryOn = null;
    if (r.retryOn() != null) {
      List<Integer> codes = null;
      List<String> triggers = null;
      if (r.retryOn().httpStatusCodes() != null) {
        codes = List.copyOf(new TreeSet<>(r.retryOn().httpStatusCodes()));
      }
      if (r.retryOn().triggers() != null) {
        triggers = List.copyOf(new TreeSet<>(r.retryOn().triggers()));
      }
      if (codes != null || triggers != null) {
        retryOn = new RetryOn(triggers, codes);
      }
    }
    PerRetryPolicy perRetry = null;
    if (r.perRetry() != null) {
      GoDuration timeout = null;
      BackOffPolicy backOff = null;
      if (r.perRetry().timeout() != null) {
        timeout = goDuration(r.perRetry().timeout());
        if (timeout == null) {
          throw new PolicyException("time: invalid duration \"" + r.perRetry().timeout() + "\"");
        }
      }
      var b = r.perRetry().backOff();
      if (b != null && (b.maxInterval() != null || b.baseInterval() != null)) {
        GoDuration base = b.baseInterval() == null ? null : GoDuration.tryParse(b.baseInterval()).orElse(null);
        GoDuration max = b.maxInterval() == null ? null : GoDuration.tryParse(b.maxInterval()).orElse(null);
        if (base != null && base.isZero()) {
          throw new PolicyException("baseInterval cannot be set to 0s");
        }
        if (max != null) {
          if (max.isZero()) {
            throw new PolicyException("maxInterval cannot be set to 0s");
          }
          if (base != null && base.compareTo(max) > 0) {
            throw new PolicyException("maxInterval cannot be less than baseInterval");
          }
        }
        backOff = new BackOffPolicy(base, max);
      }
      if (timeout != null || backOff != null) {
        perRetry = new PerRetryPolicy(timeout, backOff);
      }
    }
    return new Retry(r.numRetries(), r.numAttemptsPerPriority(), retryOn, perRetry);
  }
}
