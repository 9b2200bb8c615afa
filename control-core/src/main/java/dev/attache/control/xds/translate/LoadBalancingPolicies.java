package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.FloatValue;
import com.google.protobuf.Message;
import dev.attache.control.ir.BackendUtilization;
import dev.attache.control.ir.EndpointOverrideExtractFrom;
import dev.attache.control.ir.LoadBalancer;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.cluster.v3.LoadBalancingPolicy;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.extensions.load_balancing_policies.client_side_weighted_round_robin.v3.ClientSideWeightedRoundRobin;
import io.envoyproxy.envoy.extensions.load_balancing_policies.common.v3.SlowStartConfig;
import io.envoyproxy.envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest;
import io.envoyproxy.envoy.extensions.load_balancing_policies.maglev.v3.Maglev;
import io.envoyproxy.envoy.extensions.load_balancing_policies.random.v3.Random;
import io.envoyproxy.envoy.extensions.load_balancing_policies.round_robin.v3.RoundRobin;
import io.envoyproxy.envoy.extensions.load_balancing_policies.wrr_locality.v3.WrrLocality;

/**
 * The load-balancing policies beyond the classic ones: backend utilization (client-side weighted
 * round robin on ORCA load reports) and endpoint override (a header names the endpoint, with the
 * configured policy as fallback).
 */
final class LoadBalancingPolicies {
  private LoadBalancingPolicies() {}

  private static LoadBalancingPolicy single(String name, Message config) {
    return LoadBalancingPolicy.newBuilder().addPolicies(LoadBalancingPolicy.Policy.newBuilder()
        .setTypedExtensionConfig(TypedExtensionConfig.newBuilder().setName(name)
            .setTypedConfig(Any.pack(config)))).build();
  }

  /** Client-side weighted round robin, wrapped in WRR locality when zones are weighted. */
  static LoadBalancingPolicy backendUtilization(LoadBalancer lb) {
    BackendUtilization v = lb.backendUtilization();
    ClientSideWeightedRoundRobin.Builder cswrr = ClientSideWeightedRoundRobin.newBuilder();
    if (positive(v.blackoutPeriod())) {
      cswrr.setBlackoutPeriod(v.blackoutPeriod().toProto());
    }
    if (positive(v.weightExpirationPeriod())) {
      cswrr.setWeightExpirationPeriod(v.weightExpirationPeriod().toProto());
    }
    if (positive(v.weightUpdatePeriod())) {
      cswrr.setWeightUpdatePeriod(v.weightUpdatePeriod().toProto());
    }
    if (v.errorUtilizationPenaltyPercent() != null) {
      cswrr.setErrorUtilizationPenalty(FloatValue.of(v.errorUtilizationPenaltyPercent() / 100.0f));
    }
    cswrr.addAllMetricNamesForComputingUtilization(v.metricNamesForComputingUtilization());
    if (v.outOfBand() != null) {
      cswrr.setEnableOobLoadReport(BoolValue.of(true));
      if (v.outOfBand().reportingPeriod() != null) {
        cswrr.setOobReportingPeriod(v.outOfBand().reportingPeriod().toProto());
      }
    }
    if (v.slowStart() != null && positive(v.slowStart().window())) {
      NewerEnvoyFields.setMessage(cswrr, "slow_start_config", SlowStartConfig.newBuilder()
          .setSlowStartWindow(v.slowStart().window().toProto()).build());
    }
    if (v.outOfBand() != null && (v.outOfBand().port() != null
        || v.outOfBand().authority() != null)) {
      DynamicMessage.Builder oob = NewerEnvoyFields.newMessage(
          "envoy.extensions.load_balancing_policies.common.v3.OrcaOobReportingConfig");
      if (v.outOfBand().port() != null) {
        NewerEnvoyFields.set(oob, "port_value", v.outOfBand().port());
      }
      if (v.outOfBand().authority() != null) {
        NewerEnvoyFields.set(oob, "authority", v.outOfBand().authority());
      }
      NewerEnvoyFields.setMessage(cswrr, "oob_reporting_config", oob.build());
    }
    LoadBalancingPolicy policy = single(
        "envoy.load_balancing_policies.client_side_weighted_round_robin", cswrr.build());
    if (lb.weightedZones().isEmpty()) {
      return policy;
    }
    return single("envoy.load_balancing_policies.wrr_locality",
        WrrLocality.newBuilder().setEndpointPickingPolicy(policy).build());
  }

  private static boolean positive(GoDuration duration) {
    return duration != null && duration.nanos() > 0;
  }

  /** Override host: the endpoint a request names, else the configured policy (plain). */
  static LoadBalancingPolicy endpointOverride(LoadBalancer lb) {
    LoadBalancingPolicy fallback;
    if (lb.leastRequest() != null) {
      fallback = single("envoy.load_balancing_policies.least_request",
          LeastRequest.getDefaultInstance());
    } else if (lb.roundRobin() != null) {
      fallback = single("envoy.load_balancing_policies.round_robin",
          RoundRobin.getDefaultInstance());
    } else if (lb.random() != null) {
      fallback = single("envoy.load_balancing_policies.random", Random.getDefaultInstance());
    } else if (lb.consistentHash() != null) {
      fallback = single("envoy.load_balancing_policies.maglev", Maglev.getDefaultInstance());
    } else if (lb.backendUtilization() != null) {
      fallback = backendUtilization(lb);
    } else {
      fallback = single("envoy.load_balancing_policies.least_request",
          LeastRequest.getDefaultInstance());
    }
    String type = NewerEnvoyFields.OVERRIDE_HOST + ".OverrideHost";
    DynamicMessage.Builder overrideHost = NewerEnvoyFields.newMessage(type);
    var sourcesField = overrideHost.getDescriptorForType().findFieldByName("override_host_sources");
    for (EndpointOverrideExtractFrom from : lb.endpointOverride().extractFrom()) {
      DynamicMessage.Builder source = DynamicMessage.newBuilder(sourcesField.getMessageType());
      if (from.header() != null) {
        NewerEnvoyFields.set(source, "header", from.header());
      }
      overrideHost.addRepeatedField(sourcesField, source.build());
    }
    NewerEnvoyFields.set(overrideHost, "fallback_policy", fallback);
    return single("envoy.load_balancing_policies.override_host", overrideHost.build());
  }
}
