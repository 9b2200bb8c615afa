package dev.attache.authz.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.Code;
import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.authz.policy.PolicySet;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * authz-service's subscription to the control plane's policies ({@code attache authz --xds-server}):
 * one state-of-the-world ADS stream asking, as node {@code nodeId}, for {@value #TYPE_URL}. Every
 * response holds every policy; one that converts is handed to {@code onLoad} (which swaps the
 * Check path's table in one write) and ACKed, one that does not is NACKed with the error while the
 * previous policies keep serving. A broken stream is reopened after a jittered backoff. The
 * stream is plaintext or (mutual) TLS as {@link XdsTls} says.
 */
public final class PolicyXdsClient implements AutoCloseable {
  public static final String TYPE_URL = "type.googleapis.com/attache.authz.v1.AuthzPolicy";
  /** The node id the control plane serves the policies to. */
  public static final String DEFAULT_NODE_ID = "attache-authz";
  private static final Logger log = LoggerFactory.getLogger(PolicyXdsClient.class);

  private final String target;
  private final Node node;
  private final Duration retry;
  private final Consumer<PolicySet> onLoad;
  private final XdsTls tls;
  private final ScheduledExecutorService scheduler;
  private ManagedChannel channel;
  private StreamObserver<DiscoveryRequest> requests;
  private volatile String acceptedVersion = "";
  private volatile String lastError = "";
  private volatile boolean closed;

  /** @param target {@code host:port} of the control plane's authz policy xDS server (plaintext) */
  public PolicyXdsClient(String target, String nodeId, Duration retry, Consumer<PolicySet> onLoad) {
    this(target, nodeId, retry, XdsTls.PLAINTEXT, onLoad);
  }

  /** @param target {@code host:port} of the control plane's authz policy xDS server */
  public PolicyXdsClient(String target, String nodeId, Duration retry, XdsTls tls, Consumer<PolicySet> onLoad) {
    this.tls = requireNonNull(tls, "tls");
    this.target = requireNonNull(target, "target");
    this.node = Node.newBuilder().setId(requireNonNull(nodeId, "nodeId")).build();
    this.retry = retry.isZero() ? Duration.ofSeconds(3) : retry;
    this.onLoad = requireNonNull(onLoad, "onLoad");
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "authz-xds");
      t.setDaemon(true);
      return t;
    });
  }

  public PolicyXdsClient start() {
    ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target, tls.credentials());
    if (!tls.authority().isEmpty()) {
      builder.overrideAuthority(tls.authority());
    }
    channel = builder.build();
    scheduler.execute(this::open);
    return this;
  }

  /** The version last ACKed, empty before the first. */
  public String acceptedVersion() {
    return acceptedVersion;
  }

  /** The error of the last NACK or stream failure, empty when none. */
  public String lastError() {
    return lastError;
  }

  private synchronized void open() {
    if (closed) {
      return;
    }
    log.info("authz xDS: opening ADS stream to {} ({}) as node {}", target, tls.enabled() ? "TLS" : "plaintext",
        node.getId());
    requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
      @Override
      public void onNext(DiscoveryResponse response) {
        handle(response);
      }

      @Override
      public void onError(Throwable t) {
        lastError = "stream: " + t.getMessage();
        log.warn("authz xDS: stream to {} failed: {}; retrying", target, t.getMessage());
        reconnect();
      }

      @Override
      public void onCompleted() {
        log.warn("authz xDS: {} closed the stream; reopening", target);
        reconnect();
      }
    });
    send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(TYPE_URL).setVersionInfo(acceptedVersion).build());
  }

  private void reconnect() {
    if (closed) {
      return;
    }
    long base = retry.toMillis();
    long delay = base / 2 + ThreadLocalRandom.current().nextLong(base + 1);
    scheduler.schedule(this::open, delay, TimeUnit.MILLISECONDS);
  }

  private void handle(DiscoveryResponse response) {
    if (!response.getTypeUrl().equals(TYPE_URL)) {
      nack(response, "unexpected type " + response.getTypeUrl() + " (expected: " + TYPE_URL + ")");
      return;
    }
    PolicySet set;
    try {
      List<AuthzPolicy> policies = new ArrayList<>(response.getResourcesCount());
      for (Any resource : response.getResourcesList()) {
        policies.add(resource.unpack(AuthzPolicy.class));
      }
      set = PolicyResources.of(policies);
    } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
      nack(response, e.getMessage());
      return;
    }
    try {
      onLoad.accept(set);
    } catch (RuntimeException e) {
      nack(response, "cannot apply: " + e.getMessage());
      return;
    }
    acceptedVersion = response.getVersionInfo();
    lastError = "";
    log.info("authz xDS: loaded version {} ({} policies)", response.getVersionInfo(), set.policies().size());
    send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(TYPE_URL)
        .setVersionInfo(response.getVersionInfo()).setResponseNonce(response.getNonce()).build());
  }

  private void nack(DiscoveryResponse response, String error) {
    lastError = error;
    log.error("authz xDS: rejected version {}: {}; version {} stays live", response.getVersionInfo(), error,
        acceptedVersion.isEmpty() ? "(none)" : acceptedVersion);
    send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(TYPE_URL).setVersionInfo(acceptedVersion)
        .setResponseNonce(response.getNonce())
        .setErrorDetail(com.google.rpc.Status.newBuilder().setCode(Code.INVALID_ARGUMENT_VALUE).setMessage(error))
        .build());
  }

  private synchronized void send(DiscoveryRequest request) {
    if (requests != null) {
      requests.onNext(request);
    }
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
    synchronized (this) {
      if (requests != null) {
        try {
          requests.onCompleted();
        } catch (RuntimeException ignored) {
          // already broken
        }
      }
    }
    if (channel != null) {
      channel.shutdownNow();
    }
  }
}
