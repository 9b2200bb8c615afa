package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.BoolValue;
import dev.attache.control.ir.AdmissionControl;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.RuntimeDouble;
import io.envoyproxy.envoy.config.core.v3.RuntimeFeatureFlag;
import io.envoyproxy.envoy.config.core.v3.RuntimePercent;
import io.envoyproxy.envoy.config.core.v3.RuntimeUInt32;
import io.envoyproxy.envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.Int32Range;
import io.envoyproxy.envoy.type.v3.Percent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The upstream HTTP filters of a cluster (in its HTTP protocol options): the backend's credential
 * injection, admission control, then
 * the upstream codec that must end the chain.
 */
final class UpstreamHttpFilters {
  static final String ADMISSION_CONTROL = "envoy.filters.http.admission_control";
  static final String UPSTREAM_CODEC = "envoy.extensions.filters.http.upstream_codec.v3.UpstreamCodec";

  private static final Map<String, Integer> GRPC_STATUS = Map.ofEntries(
      Map.entry("Ok", 0), Map.entry("Cancelled", 1), Map.entry("Unknown", 2),
      Map.entry("InvalidArgument", 3), Map.entry("DeadlineExceeded", 4),
      Map.entry("NotFound", 5), Map.entry("AlreadyExists", 6),
      Map.entry("PermissionDenied", 7), Map.entry("ResourceExhausted", 8),
      Map.entry("FailedPrecondition", 9), Map.entry("Aborted", 10),
      Map.entry("OutOfRange", 11), Map.entry("Unimplemented", 12), Map.entry("Internal", 13),
      Map.entry("Unavailable", 14), Map.entry("DataLoss", 15),
      Map.entry("Unauthenticated", 16));

  private UpstreamHttpFilters() {}

  /** Whether the cluster has upstream HTTP filters at all. */
  static boolean needed(ClusterArgs args) {
    return credentialInjection(args) != null || args.admissionControl() != null;
  }

  /** The backend's credential injection (a backend with filters has a cluster of its own). */
  static dev.attache.control.ir.CredentialInjection credentialInjection(ClusterArgs args) {
    return args.settings().isEmpty() || args.settings().getFirst().filters() == null ? null
        : args.settings().getFirst().filters().credentialInjection();
  }

  static List<HttpFilter> of(ClusterArgs args) {
    List<HttpFilter> out = new ArrayList<>();
    if (credentialInjection(args) != null) {
      out.add(CredentialInjections.filter(credentialInjection(args)));
    }
    if (args.admissionControl() != null) {
      out.add(HttpFilter.newBuilder().setName(ADMISSION_CONTROL)
          .setTypedConfig(Any.pack(admissionControl(args.admissionControl()))).build());
    }
    if (!out.isEmpty()) {
      out.add(HttpFilter.newBuilder().setName(UPSTREAM_CODEC)
          .setTypedConfig(Any.pack(UpstreamCodec.getDefaultInstance())).build());
    }
    return out;
  }

  private static io.envoyproxy.envoy.extensions.filters.http.admission_control.v3.AdmissionControl
      admissionControl(AdmissionControl ac) {
    var config = io.envoyproxy.envoy.extensions.filters.http.admission_control.v3.AdmissionControl
        .newBuilder()
        .setEnabled(RuntimeFeatureFlag.newBuilder().setDefaultValue(BoolValue.of(true)));
    if (ac.samplingWindow() != null) {
      config.setSamplingWindow(ac.samplingWindow().toProto());
    }
    if (ac.minSuccessRate() != null) {
      config.setSrThreshold(RuntimePercent.newBuilder()
          .setDefaultValue(Percent.newBuilder().setValue(ac.minSuccessRate())));
    }
    if (ac.rejectionAggression() != null) {
      config.setAggression(RuntimeDouble.newBuilder().setDefaultValue(ac.rejectionAggression()));
    }
    if (ac.minRequestRate() != null) {
      config.setRpsThreshold(RuntimeUInt32.newBuilder().setDefaultValue(ac.minRequestRate()));
    }
    if (ac.maxRejectionPercent() != null) {
      config.setMaxRejectionProbability(RuntimePercent.newBuilder()
          .setDefaultValue(Percent.newBuilder().setValue(ac.maxRejectionPercent())));
    }
    var success = io.envoyproxy.envoy.extensions.filters.http.admission_control.v3.AdmissionControl
        .SuccessCriteria.newBuilder();
    var criteria = ac.successCriteria();
    if (criteria != null && criteria.http() != null && !criteria.http().statusCodes().isEmpty()) {
      var http = success.getHttpCriteriaBuilder();
      for (int code : criteria.http().statusCodes()) {
        http.addHttpSuccessStatus(Int32Range.newBuilder().setStart(code).setEnd(code + 1));
      }
    }
    if (criteria != null && criteria.grpc() != null && !criteria.grpc().statusCodes().isEmpty()) {
      var grpc = success.getGrpcCriteriaBuilder();
      for (String status : criteria.grpc().statusCodes()) {
        Integer code = GRPC_STATUS.get(status);
        if (code != null) {
          grpc.addGrpcSuccessStatus(code);
        }
      }
    }
    return config.setSuccessCriteria(success).build();
  }
}
