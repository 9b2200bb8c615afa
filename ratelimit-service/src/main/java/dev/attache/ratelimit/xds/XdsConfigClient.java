package dev.attache.ratelimit.xds;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import com.google.rpc.Code;
import dev.attache.ratelimit.api.v3.RateLimitConfig;
import dev.attache.ratelimit.config.DomainSpec;
import dev.attache.ratelimit.config.RateLimitConfigLoader;
import dev.attache.server.config.ConfigException;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.TlsChannelCredentials;
import io.grpc.stub.MetadataUtils;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state-of-the-world xDS client envoyproxy/ratelimit runs with {@code CONFIG_TYPE=GRPC_XDS_SOTW}:
 * one ADS stream to {@code CONFIG_GRPC_XDS_SERVER_URL} asking, as node
 * {@code CONFIG_GRPC_XDS_NODE_ID}, for {@value #TYPE_URL}. Every response holds the whole
 * configuration; one that loads is applied and ACKed, one that does not is NACKed with the error
 * and the previous configuration keeps serving. A broken stream is reopened after a jittered
 * backoff.
 */
public final class XdsConfigClient implements AutoCloseable {
  public static final String TYPE_URL = "type.googleapis.com/ratelimit.config.ratelimit.v3.RateLimitConfig";
  private static final Logger log = LoggerFactory.getLogger(XdsConfigClient.class);

  private final String target;
  private final Node node;
  private final Duration retry;
  private final RateLimitConfigLoader loader;
  private final Consumer<dev.attache.ratelimit.match.RateLimitConfig> onLoad;
  private final ScheduledExecutorService scheduler;
  private ManagedChannel channel;
  private StreamObserver<DiscoveryRequest> requests;
  private volatile String acceptedVersion = "";
  private volatile String lastError = "";
  private volatile boolean closed;

  private final XdsTls tls;
  private final Map<String, String> headers;

  public XdsConfigClient(String target, String nodeId, Map<String, String> nodeMetadata, Duration retry,
      RateLimitConfigLoader loader, Consumer<dev.attache.ratelimit.match.RateLimitConfig> onLoad) {
    this(target, nodeId, nodeMetadata, retry, XdsTls.PLAINTEXT, Map.of(), loader, onLoad);
  }

  /**
   * @param headers {@code CONFIG_GRPC_XDS_CLIENT_ADDITIONAL_HEADERS}: sent with the stream
   */
  public XdsConfigClient(String target, String nodeId, Map<String, String> nodeMetadata, Duration retry, XdsTls tls,
      Map<String, String> headers, RateLimitConfigLoader loader,
      Consumer<dev.attache.ratelimit.match.RateLimitConfig> onLoad) {
    this.target = requireNonNull(target, "target");
    this.tls = requireNonNull(tls, "tls");
    this.headers = Map.copyOf(headers);
    Struct.Builder metadata = Struct.newBuilder();
    nodeMetadata.forEach((k, v) -> metadata.putFields(k, Value.newBuilder().setStringValue(v).build()));
    this.node = Node.newBuilder().setId(nodeId).setMetadata(metadata).build();
    this.retry = retry.isZero() ? Duration.ofSeconds(3) : retry;
    this.loader = requireNonNull(loader, "loader");
    this.onLoad = requireNonNull(onLoad, "onLoad");
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ratelimit-xds");
      t.setDaemon(true);
      return t;
    });
  }

  public XdsConfigClient start() {
    ChannelCredentials credentials = InsecureChannelCredentials.create();
    if (tls.enabled()) {
      TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
      try {
        if (!tls.caCert().isEmpty()) {
          b.trustManager(new File(tls.caCert()));
        }
        if (!tls.clientCert().isEmpty() && !tls.clientKey().isEmpty()) {
          b.keyManager(new File(tls.clientCert()), new File(tls.clientKey()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("ratelimit xDS: cannot read the TLS files: " + e.getMessage(), e);
      }
      credentials = b.build();
    }
    ManagedChannelBuilder<?> builder = Grpc.newChannelBuilder(target, credentials);
    if (!tls.san().isEmpty()) {
      builder.overrideAuthority(tls.san());
    }
    if (!headers.isEmpty()) {
      Metadata metadata = new Metadata();
      headers.forEach((k, v) -> metadata.put(Metadata.Key.of(k, Metadata.ASCII_STRING_MARSHALLER), v));
      builder.intercept(MetadataUtils.newAttachHeadersInterceptor(metadata));
    }
    channel = builder.build();
    scheduler.execute(this::open);
    return this;
  }

  /** The version of the configuration last ACKed, empty before the first. */
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
    log.info("ratelimit xDS: opening ADS stream to {} as node {}", target, node.getId());
    requests = AggregatedDiscoveryServiceGrpc.newStub(channel).streamAggregatedResources(new StreamObserver<>() {
      @Override
      public void onNext(DiscoveryResponse response) {
        handle(response);
      }

      @Override
      public void onError(Throwable t) {
        lastError = "stream: " + t.getMessage();
        log.warn("ratelimit xDS: stream to {} failed: {}; retrying", target, t.getMessage());
        reconnect();
      }

      @Override
      public void onCompleted() {
        log.warn("ratelimit xDS: {} closed the stream; reopening", target);
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
    List<DomainSpec> specs = new ArrayList<>(response.getResourcesCount());
    try {
      for (Any resource : response.getResourcesList()) {
        specs.add(XdsSpecs.of(resource.unpack(RateLimitConfig.class)));
      }
      dev.attache.ratelimit.match.RateLimitConfig config = loader.load(specs, true);
      onLoad.accept(config);
    } catch (InvalidProtocolBufferException | ConfigException e) {
      nack(response, e.getMessage());
      return;
    }
    acceptedVersion = response.getVersionInfo();
    lastError = "";
    log.info("ratelimit xDS: loaded version {} ({} domains)", response.getVersionInfo(), specs.size());
    send(DiscoveryRequest.newBuilder().setNode(node).setTypeUrl(TYPE_URL)
        .setVersionInfo(response.getVersionInfo()).setResponseNonce(response.getNonce()).build());
  }

  private void nack(DiscoveryResponse response, String error) {
    lastError = error;
    log.error("ratelimit xDS: rejected version {}: {}; version {} stays live", response.getVersionInfo(), error,
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
