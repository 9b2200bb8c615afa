package dev.attache.extension.sdk;

import dev.attache.extension.protocol.EnvoyGatewayExtensionGrpc;
import dev.attache.extension.protocol.PostClusterModifyRequest;
import dev.attache.extension.protocol.PostClusterModifyResponse;
import dev.attache.extension.protocol.PostEndpointsModifyRequest;
import dev.attache.extension.protocol.PostEndpointsModifyResponse;
import dev.attache.extension.protocol.PostHTTPListenerModifyRequest;
import dev.attache.extension.protocol.PostHTTPListenerModifyResponse;
import dev.attache.extension.protocol.PostRouteModifyRequest;
import dev.attache.extension.protocol.PostRouteModifyResponse;
import dev.attache.extension.protocol.PostTranslateModifyRequest;
import dev.attache.extension.protocol.PostTranslateModifyResponse;
import dev.attache.extension.protocol.PostVirtualHostModifyRequest;
import dev.attache.extension.protocol.PostVirtualHostModifyResponse;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves {@code envoygateway.extension.EnvoyGatewayExtension} by calling an {@link ExtensionHooks}. */
final class HookService extends EnvoyGatewayExtensionGrpc.EnvoyGatewayExtensionImplBase {
  private static final Logger log = LoggerFactory.getLogger(HookService.class);

  private final ExtensionHooks hooks;
  private final MeterRegistry registry;

  HookService(ExtensionHooks hooks, MeterRegistry registry) {
    this.hooks = hooks;
    this.registry = registry;
  }

  @FunctionalInterface
  private interface Call<T> {
    T run() throws Exception;
  }

  private <T> void serve(String hook, StreamObserver<T> out, Call<T> call) {
    Timer.Sample sample = Timer.start(registry);
    String result = "ok";
    try {
      T response = call.run();
      out.onNext(response);
      out.onCompleted();
    } catch (Exception e) {
      result = "error";
      Status status = switch (e) {
        case HookException h -> Status.fromCode(h.code());
        case IllegalArgumentException i -> Status.INVALID_ARGUMENT;
        default -> Status.INTERNAL;
      };
      log.warn("hook {} failed: {}", hook, e.toString());
      out.onError(status.withDescription(hook + ": " + e.getMessage()).asRuntimeException());
    } finally {
      sample.stop(Timer.builder("attache.extension.hook.calls")
          .description("Hook calls served, by hook and result")
          .tag("hook", hook).tag("result", result).register(registry));
    }
  }

  @Override
  public void postRouteModify(PostRouteModifyRequest req, StreamObserver<PostRouteModifyResponse> out) {
    serve("PostRouteModify", out, () -> PostRouteModifyResponse.newBuilder()
        .setRoute(hooks.postRouteModify(req.getRoute(), HookContext.Route.from(req.getPostRouteContext())))
        .build());
  }

  @Override
  public void postVirtualHostModify(PostVirtualHostModifyRequest req,
      StreamObserver<PostVirtualHostModifyResponse> out) {
    serve("PostVirtualHostModify", out, () -> PostVirtualHostModifyResponse.newBuilder()
        .setVirtualHost(hooks.postVirtualHostModify(req.getVirtualHost(), new HookContext.VirtualHost()))
        .build());
  }

  @Override
  public void postHTTPListenerModify(PostHTTPListenerModifyRequest req,
      StreamObserver<PostHTTPListenerModifyResponse> out) {
    serve("PostHTTPListenerModify", out, () -> PostHTTPListenerModifyResponse.newBuilder()
        .setListener(hooks.postHttpListenerModify(req.getListener(),
            HookContext.Listener.from(req.getPostListenerContext())))
        .build());
  }

  @Override
  public void postClusterModify(PostClusterModifyRequest req, StreamObserver<PostClusterModifyResponse> out) {
    serve("PostClusterModify", out, () -> PostClusterModifyResponse.newBuilder()
        .setCluster(hooks.postClusterModify(req.getCluster(), HookContext.Cluster.from(req.getPostClusterContext())))
        .build());
  }

  @Override
  public void postEndpointsModify(PostEndpointsModifyRequest req,
      StreamObserver<PostEndpointsModifyResponse> out) {
    serve("PostEndpointsModify", out, () -> PostEndpointsModifyResponse.newBuilder()
        .setLoadAssignment(hooks.postEndpointsModify(req.getLoadAssignment(), new HookContext.Endpoints()))
        .build());
  }

  @Override
  public void postTranslateModify(PostTranslateModifyRequest req,
      StreamObserver<PostTranslateModifyResponse> out) {
    serve("PostTranslateModify", out, () -> {
      TranslateResources in = new TranslateResources(req.getClustersList(), req.getSecretsList(),
          req.getListenersList(), req.getRoutesList());
      TranslateResources r = hooks.postTranslateModify(in, HookContext.Translate.from(req.getPostTranslateContext()));
      return PostTranslateModifyResponse.newBuilder()
          .addAllClusters(r.clusters())
          .addAllSecrets(r.secrets())
          .addAllListeners(r.listeners())
          .addAllRoutes(r.routes())
          .build();
    });
  }
}
