package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.Duration;
import dev.attache.control.ir.ExtProc;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.resource.meta.GoDuration;
import io.envoyproxy.envoy.config.core.v3.GrpcService;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ExternalProcessor;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.MetadataOptions;
import io.envoyproxy.envoy.extensions.filters.http.ext_proc.v3.ProcessingMode;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import java.util.List;

/**
 * EnvoyExtensionPolicy external processors: one ext_proc filter per processor
 * ({@code envoy.filters.http.ext_proc/<name>}, ordered by the index ending its name), off by
 * default and turned on by the routes the policy covers.
 */
final class ExtProcessing implements HttpFeature {
  static final String PREFIX = "envoy.filters.http.ext_proc/";
  private static final Duration TIMEOUT = Duration.newBuilder().setSeconds(10).build();

  private static List<ExtProc> extProcs(HttpRoute r) {
    return r.envoyExtensions() == null ? List.of() : r.envoyExtensions().extProcs();
  }

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    for (HttpRoute route : listener.routes()) {
      for (ExtProc p : extProcs(route)) {
        if (hcm.getHttpFiltersList().stream().noneMatch(f -> f.getName().equals(PREFIX + p.name()))) {
          hcm.addHttpFilters(HttpFilter.newBuilder().setName(PREFIX + p.name()).setDisabled(true)
              .setTypedConfig(Any.pack(config(p))));
        }
      }
    }
  }

  private static ExternalProcessor config(ExtProc p) {
    GrpcService.Builder service = GrpcService.newBuilder().setEnvoyGrpc(GrpcService.EnvoyGrpc
            .newBuilder().setClusterName(p.destination() == null ? "" : p.destination().name())
            .setAuthority(p.authority()))
        .setTimeout(TIMEOUT);
    if (p.traffic() != null && p.traffic().retry() != null) {
      service.setRetryPolicy(ExtAuthorization.nonRouteRetry(p.traffic().retry()));
    }
    ExternalProcessor.Builder config = ExternalProcessor.newBuilder().setGrpcService(service)
        .setProcessingMode(mode(p)).setAllowModeOverride(p.allowModeOverride());
    if (p.shadowMode() != null) {
      config.setObservabilityMode(p.shadowMode());
    }
    if (p.failOpen() != null) {
      config.setFailureModeAllow(p.failOpen());
    }
    if (p.messageTimeout() != null) {
      config.setMessageTimeout(p.messageTimeout().toProto());
    }
    config.addAllRequestAttributes(p.requestAttributes());
    config.addAllResponseAttributes(p.responseAttributes());
    if (!p.forwardingMetadataNamespaces().isEmpty() || !p.receivingMetadataNamespaces().isEmpty()) {
      MetadataOptions.Builder md = MetadataOptions.newBuilder();
      if (!p.forwardingMetadataNamespaces().isEmpty()) {
        md.setForwardingNamespaces(MetadataOptions.MetadataNamespaces.newBuilder()
            .addAllUntyped(p.forwardingMetadataNamespaces()));
      }
      if (!p.receivingMetadataNamespaces().isEmpty()) {
        md.setReceivingNamespaces(MetadataOptions.MetadataNamespaces.newBuilder()
            .addAllUntyped(p.receivingMetadataNamespaces()));
      }
      config.setMetadataOptions(md);
    }
    if (p.statusOnError() != null) {
      NewerEnvoyFields.setMessage(config, "status_on_error", HttpStatus.newBuilder()
          .setCode(StatusCode.forNumber(p.statusOnError())).build());
    }
    return config.build();
  }

  /** Nothing is sent unless asked; full-duplex bodies also send trailers. */
  private static ProcessingMode mode(ExtProc p) {
    ProcessingMode.Builder m = ProcessingMode.newBuilder()
        .setRequestHeaderMode(ProcessingMode.HeaderSendMode.SKIP)
        .setResponseHeaderMode(ProcessingMode.HeaderSendMode.SKIP)
        .setRequestBodyMode(ProcessingMode.BodySendMode.NONE)
        .setResponseBodyMode(ProcessingMode.BodySendMode.NONE)
        .setRequestTrailerMode(ProcessingMode.HeaderSendMode.SKIP)
        .setResponseTrailerMode(ProcessingMode.HeaderSendMode.SKIP);
    if (p.requestBodyProcessingMode() != null) {
      m.setRequestBodyMode(bodyMode(p.requestBodyProcessingMode()));
      if (m.getRequestBodyMode() == ProcessingMode.BodySendMode.FULL_DUPLEX_STREAMED) {
        m.setRequestTrailerMode(ProcessingMode.HeaderSendMode.SEND);
      }
    }
    if (p.requestHeaderProcessing()) {
      m.setRequestHeaderMode(ProcessingMode.HeaderSendMode.SEND);
    }
    if (p.responseBodyProcessingMode() != null) {
      m.setResponseBodyMode(bodyMode(p.responseBodyProcessingMode()));
      if (m.getResponseBodyMode() == ProcessingMode.BodySendMode.FULL_DUPLEX_STREAMED) {
        m.setResponseTrailerMode(ProcessingMode.HeaderSendMode.SEND);
      }
    }
    if (p.responseHeaderProcessing()) {
      m.setResponseHeaderMode(ProcessingMode.HeaderSendMode.SEND);
    }
    return m.build();
  }

  private static ProcessingMode.BodySendMode bodyMode(String mode) {
    return switch (mode) {
      case "Buffered" -> ProcessingMode.BodySendMode.BUFFERED;
      case "BufferedPartial" -> ProcessingMode.BodySendMode.BUFFERED_PARTIAL;
      case "Streamed" -> ProcessingMode.BodySendMode.STREAMED;
      case "FullDuplexStreamed" -> ProcessingMode.BodySendMode.FULL_DUPLEX_STREAMED;
      default -> ProcessingMode.BodySendMode.NONE;
    };
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    for (ExtProc p : extProcs(irRoute)) {
      // An empty per-route config turns the listener's disabled filter on for this route.
      route.putTypedPerFilterConfig(PREFIX + p.name(), Any.pack(FilterConfig.newBuilder()
          .setConfig(Any.getDefaultInstance()).build()));
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {
    for (HttpRoute route : routes) {
      for (ExtProc p : extProcs(route)) {
        if (p.destination() != null) {
          Clusters.add(table, ServiceClusters.collectorArgs(p.destination(), p.traffic(), null,
              null), context.settings());
        }
      }
    }
  }
}
