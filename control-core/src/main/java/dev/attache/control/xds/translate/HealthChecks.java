package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.ByteString;
import com.google.protobuf.UInt32Value;
import dev.attache.control.ir.ActiveHealthCheck;
import dev.attache.control.ir.DestinationEndpoint;
import dev.attache.control.ir.FileSink;
import dev.attache.control.ir.HealthCheck;
import dev.attache.control.ir.HealthCheckLog;
import dev.attache.control.ir.HealthCheckPayload;
import dev.attache.control.ir.OutlierDetection;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.RequestMethod;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.endpoint.v3.Endpoint;
import io.envoyproxy.envoy.extensions.health_check.event_sinks.file.v3.HealthCheckEventFileSink;
import io.envoyproxy.envoy.type.v3.Int64Range;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

/** Active health checks, outlier detection and per-endpoint probe overrides of a cluster. */
final class HealthChecks {
  private HealthChecks() {}

  static io.envoyproxy.envoy.config.core.v3.HealthCheck active(ActiveHealthCheck a,
      String routeHostname, HealthCheckLog gatewayLog) {
    var hc = io.envoyproxy.envoy.config.core.v3.HealthCheck.newBuilder();
    if (a.timeout() != null) {
      hc.setTimeout(a.timeout().toProto());
    }
    if (a.interval() != null) {
      hc.setInterval(a.interval().toProto());
    }
    if (a.initialJitter() != null) {
      try {
        hc.setInitialJitter(a.initialJitter().toProto());
      } catch (IllegalArgumentException e) {
        // As upstream: a jitter that does not parse is left out.
      }
    }
    if (a.unhealthyThreshold() != null) {
      hc.setUnhealthyThreshold(UInt32Value.of(a.unhealthyThreshold()));
    }
    if (a.healthyThreshold() != null) {
      hc.setHealthyThreshold(UInt32Value.of(a.healthyThreshold()));
    }
    if (a.http() != null) {
      var http = io.envoyproxy.envoy.config.core.v3.HealthCheck.HttpHealthCheck.newBuilder()
          .setHost(a.http().host().isEmpty() ? Clusters.nz(routeHostname) : a.http().host())
          .setPath(a.http().path());
      if (a.http().method() != null) {
        http.setMethod(RequestMethod.valueOf(a.http().method()));
      }
      http.addAllExpectedStatuses(ranges(a.http().expectedStatuses()));
      http.addAllRetriableStatuses(ranges(a.http().retriableStatuses()));
      var receive = payload(a.http().expectedResponse());
      if (receive != null) {
        http.addReceive(receive);
      }
      var send = payload(a.http().requestBody());
      if (send != null) {
        http.setSend(send);
      }
      hc.setHttpHealthCheck(http);
    } else if (a.tcp() != null) {
      var tcp = io.envoyproxy.envoy.config.core.v3.HealthCheck.TcpHealthCheck.newBuilder();
      var send = payload(a.tcp().send());
      if (send != null) {
        tcp.setSend(send);
      }
      var receive = payload(a.tcp().receive());
      if (receive != null) {
        tcp.addReceive(receive);
      }
      hc.setTcpHealthCheck(tcp);
    } else if (a.grpc() != null) {
      hc.setGrpcHealthCheck(io.envoyproxy.envoy.config.core.v3.HealthCheck.GrpcHealthCheck
          .newBuilder().setServiceName(Clusters.nz(a.grpc().service())));
    }
    HealthCheckLog log = a.backendHealthCheckLog() != null ? a.backendHealthCheckLog() : gatewayLog;
    if (log != null) {
      hc.setAlwaysLogHealthCheckFailures(log.alwaysLogHealthCheckFailures());
      hc.setAlwaysLogHealthCheckSuccess(log.alwaysLogHealthCheckSuccess());
      for (FileSink sink : log.fileSinks()) {
        hc.addEventLogger(TypedExtensionConfig.newBuilder()
            .setName("envoy.health_check.event_sinks.file")
            .setTypedConfig(Any.pack(HealthCheckEventFileSink.newBuilder()
                .setEventLogPath(sink.path()).build())));
      }
    }
    return hc.build();
  }

  /** Sorted status codes folded into half-open ranges ({@code 200,201,204} → [200,202) [204,205)). */
  static List<Int64Range> ranges(List<Integer> statuses) {
    List<Int64Range> out = new ArrayList<>();
    long start = 0;
    long end = 0;
    for (int status : new TreeSet<>(statuses)) {
      if (start == 0) {
        start = status;
        end = status + 1L;
      } else if (status == end) {
        end++;
      } else {
        out.add(Int64Range.newBuilder().setStart(start).setEnd(end).build());
        start = status;
        end = status + 1L;
      }
    }
    if (start != 0) {
      out.add(Int64Range.newBuilder().setStart(start).setEnd(end).build());
    }
    return out;
  }

  private static io.envoyproxy.envoy.config.core.v3.HealthCheck.Payload payload(
      HealthCheckPayload p) {
    if (p == null) {
      return null;
    }
    var out = io.envoyproxy.envoy.config.core.v3.HealthCheck.Payload.newBuilder();
    if (p.text() != null && !p.text().isEmpty()) {
      out.setText(HexFormat.of().formatHex(p.text().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    if (p.binary() != null && p.binary().length() > 0) {
      out.setBinary(ByteString.copyFrom(p.binary().toArray()));
    }
    return out.build();
  }

  static io.envoyproxy.envoy.config.cluster.v3.OutlierDetection passive(OutlierDetection o) {
    var od = io.envoyproxy.envoy.config.cluster.v3.OutlierDetection.newBuilder();
    if (o.baseEjectionTime() != null) {
      od.setBaseEjectionTime(o.baseEjectionTime().toProto());
    }
    if (o.interval() != null) {
      od.setInterval(o.interval().toProto());
    }
    if (o.splitExternalLocalOriginErrors() != null) {
      od.setSplitExternalLocalOriginErrors(o.splitExternalLocalOriginErrors());
    }
    if (o.maxEjectionPercent() != null && o.maxEjectionPercent() > 0) {
      od.setMaxEjectionPercent(UInt32Value.of(o.maxEjectionPercent()));
    }
    if (o.consecutiveLocalOriginFailures() != null) {
      od.setConsecutiveLocalOriginFailure(UInt32Value.of(o.consecutiveLocalOriginFailures()));
    }
    if (o.consecutive5XxErrors() != null) {
      od.setConsecutive5Xx(UInt32Value.of(o.consecutive5XxErrors()));
    }
    if (o.consecutiveGatewayErrors() != null) {
      od.setEnforcingConsecutiveGatewayFailure(UInt32Value.of(100))
          .setConsecutiveGatewayFailure(UInt32Value.of(o.consecutiveGatewayErrors()));
    }
    if (o.failurePercentageThreshold() != null) {
      od.setFailurePercentageThreshold(UInt32Value.of(o.failurePercentageThreshold()))
          .setEnforcingFailurePercentage(UInt32Value.of(100));
    }
    if (o.alwaysEjectOneEndpoint() != null) {
      od.setAlwaysEjectOneHost(BoolValue.of(o.alwaysEjectOneEndpoint()));
    }
    return od.build();
  }

  /** Where probes for one endpoint go: its hostname and/or the override port; null for none. */
  static Endpoint.HealthCheckConfig endpointConfig(HealthCheck hc, DestinationEndpoint ep) {
    if (hc == null || hc.active() == null) {
      return null;
    }
    ActiveHealthCheck a = hc.active();
    String hostname = "";
    boolean explicitHost = a.http() != null && !a.http().host().isEmpty()
        && !a.http().host().equals("*");
    if (!explicitHost && ep.hostname() != null) {
      hostname = ep.hostname();
    }
    Integer port = a.overrides() == null ? null : a.overrides().port();
    if (hostname.isEmpty() && port == null) {
      return null;
    }
    Endpoint.HealthCheckConfig.Builder out = Endpoint.HealthCheckConfig.newBuilder();
    if (!hostname.isEmpty()) {
      out.setHostname(hostname);
    }
    if (port != null) {
      out.setPortValue(port);
    }
    return out.build();
  }
}
