package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Traffic policies of a route (BackendTrafficPolicy). */
public record TrafficFeatures(
    @JsonProperty("dns") Dns dns,
    @JsonProperty("loadBalancer") LoadBalancer loadBalancer,
    @JsonProperty("proxyProtocol") UpstreamProxyProtocol proxyProtocol,
    @JsonProperty("http2") Http2Settings http2,
    @JsonProperty("healthCheck") HealthCheck healthCheck,
    @JsonProperty("circuitBreaker") CircuitBreaker circuitBreaker,
    @JsonProperty("timeout") Timeout timeout,
    @JsonProperty("tcpKeepalive") TcpKeepalive tcpKeepalive,
    @JsonProperty("backendConnection") BackendConnection backendConnection,
    @JsonProperty("rateLimit") RateLimit rateLimit,
    @JsonProperty("retry") Retry retry,
    @JsonProperty("httpUpgrade") List<HttpUpgradeConfig> httpUpgrade,
    @JsonProperty("faultInjection") FaultInjection faultInjection,
    @JsonProperty("compression") List<Compression> compression,
    @JsonProperty("bandwidthLimit") BandwidthLimit bandwidthLimit,
    @JsonProperty("admissionControl") AdmissionControl admissionControl,
    @JsonProperty("responseOverride") ResponseOverride responseOverride,
    @JsonProperty("telemetry") BackendTelemetry telemetry,
    @JsonProperty("requestBuffer") RequestBuffer requestBuffer) implements ClusterTraffic {
  public TrafficFeatures {
    httpUpgrade = httpUpgrade == null ? List.of() : List.copyOf(httpUpgrade);
    compression = compression == null ? List.of() : List.copyOf(compression);
  }

  /** A builder with every setting absent. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings, to change some of them by name. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.dns = dns;
    b.loadBalancer = loadBalancer;
    b.proxyProtocol = proxyProtocol;
    b.http2 = http2;
    b.healthCheck = healthCheck;
    b.circuitBreaker = circuitBreaker;
    b.timeout = timeout;
    b.tcpKeepalive = tcpKeepalive;
    b.backendConnection = backendConnection;
    b.rateLimit = rateLimit;
    b.retry = retry;
    b.httpUpgrade = httpUpgrade;
    b.faultInjection = faultInjection;
    b.compression = compression;
    b.bandwidthLimit = bandwidthLimit;
    b.admissionControl = admissionControl;
    b.responseOverride = responseOverride;
    b.telemetry = telemetry;
    b.requestBuffer = requestBuffer;
    return b;
  }

  /** Builds a {@link TrafficFeatures} by name; settings not given are absent (null or empty). */
  public static final class Builder {
    private Dns dns;
    private LoadBalancer loadBalancer;
    private UpstreamProxyProtocol proxyProtocol;
    private Http2Settings http2;
    private HealthCheck healthCheck;
    private CircuitBreaker circuitBreaker;
    private Timeout timeout;
    private TcpKeepalive tcpKeepalive;
    private BackendConnection backendConnection;
    private RateLimit rateLimit;
    private Retry retry;
    private List<HttpUpgradeConfig> httpUpgrade;
    private FaultInjection faultInjection;
    private List<Compression> compression;
    private BandwidthLimit bandwidthLimit;
    private AdmissionControl admissionControl;
    private ResponseOverride responseOverride;
    private BackendTelemetry telemetry;
    private RequestBuffer requestBuffer;

    private Builder() {
    }

    public Builder dns(Dns v) {
      dns = v;
      return this;
    }

    public Builder loadBalancer(LoadBalancer v) {
      loadBalancer = v;
      return this;
    }

    public Builder proxyProtocol(UpstreamProxyProtocol v) {
      proxyProtocol = v;
      return this;
    }

    public Builder http2(Http2Settings v) {
      http2 = v;
      return this;
    }

    public Builder healthCheck(HealthCheck v) {
      healthCheck = v;
      return this;
    }

    public Builder circuitBreaker(CircuitBreaker v) {
      circuitBreaker = v;
      return this;
    }

    public Builder timeout(Timeout v) {
      timeout = v;
      return this;
    }

    public Builder tcpKeepalive(TcpKeepalive v) {
      tcpKeepalive = v;
      return this;
    }

    public Builder backendConnection(BackendConnection v) {
      backendConnection = v;
      return this;
    }

    public Builder rateLimit(RateLimit v) {
      rateLimit = v;
      return this;
    }

    public Builder retry(Retry v) {
      retry = v;
      return this;
    }

    public Builder httpUpgrade(List<HttpUpgradeConfig> v) {
      httpUpgrade = v;
      return this;
    }

    public Builder faultInjection(FaultInjection v) {
      faultInjection = v;
      return this;
    }

    public Builder compression(List<Compression> v) {
      compression = v;
      return this;
    }

    public Builder bandwidthLimit(BandwidthLimit v) {
      bandwidthLimit = v;
      return this;
    }

    public Builder admissionControl(AdmissionControl v) {
      admissionControl = v;
      return this;
    }

    public Builder responseOverride(ResponseOverride v) {
      responseOverride = v;
      return this;
    }

    public Builder telemetry(BackendTelemetry v) {
      telemetry = v;
      return this;
    }

    public Builder requestBuffer(RequestBuffer v) {
      requestBuffer = v;
      return this;
    }

    public TrafficFeatures build() {
      return new TrafficFeatures(dns, loadBalancer, proxyProtocol, http2, healthCheck, circuitBreaker, timeout, tcpKeepalive, backendConnection, rateLimit, retry, httpUpgrade, faultInjection, compression, bandwidthLimit, admissionControl, responseOverride, telemetry, requestBuffer);
    }
  }
}
