package dev.attache.ratelimit.redis;

import dev.attache.ratelimit.limiter.BackendUnavailableException;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.masterreplica.MasterReplica;
import io.lettuce.core.resource.ClientResources;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Lettuce connection to a Redis deployment (single, Sentinel or Cluster), shared by every
 * call: Lettuce pipelines concurrent commands on it. Commands time out after the endpoint's
 * timeout, and while the connection is down they are refused at once rather than queued, so a
 * Redis outage turns into fast errors. Lettuce reconnects by itself; if Redis is not there at
 * start-up this class keeps trying in the background with a capped backoff.
 */
final class RedisConnection implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(RedisConnection.class);

  private final String name;
  private final RedisEndpoint endpoint;
  private final ClientResources resources;
  private final ScheduledExecutorService retry;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private AbstractRedisClient client;
  private volatile StatefulConnection<String, String> connection;
  private volatile String lastError = "not connected yet";
  private volatile boolean closed;

  RedisConnection(String name, RedisEndpoint endpoint, ClientResources resources, Duration initialBackoff,
      Duration maxBackoff) {
    this.name = name;
    this.endpoint = endpoint;
    this.resources = resources;
    this.initialBackoff = initialBackoff;
    this.maxBackoff = maxBackoff;
    this.retry = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "redis-connect-" + name);
      t.setDaemon(true);
      return t;
    });
  }

  /** Connects now if Redis is there; otherwise keeps trying in the background. */
  void start() {
    if (!tryConnect()) {
      schedule(initialBackoff);
    }
  }

  /** The live connection, or a {@link BackendUnavailableException} naming why there is none. */
  StatefulConnection<String, String> get() {
    StatefulConnection<String, String> c = connection;
    if (c == null) {
      throw new BackendUnavailableException(
          "redis " + name + " (" + endpoint.maskedUrl() + "): not connected: " + lastError, null);
    }
    return c;
  }

  boolean isOpen() {
    StatefulConnection<String, String> c = connection;
    return c != null && c.isOpen();
  }

  String describe() {
    return endpoint.maskedUrl();
  }

  private void schedule(Duration delay) {
    if (closed) {
      return;
    }
    retry.schedule(() -> {
      if (!tryConnect()) {
        long next = Math.min(maxBackoff.toMillis(), delay.toMillis() * 2);
        schedule(Duration.ofMillis(next));
      }
    }, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized boolean tryConnect() {
    if (closed || connection != null) {
      return true;
    }
    try {
      connection = connect();
      log.info("redis {}: connected to {} ({})", name, endpoint.maskedUrl(), endpoint.type());
      return true;
    } catch (RuntimeException e) {
      lastError = String.valueOf(e.getMessage());
      log.warn("redis {}: cannot connect to {}: {}; retrying", name, endpoint.maskedUrl(), lastError);
      if (client != null) {
        client.shutdownAsync(0, 1, TimeUnit.SECONDS);
        client = null;
      }
      return false;
    }
  }

  private StatefulConnection<String, String> connect() {
    SocketOptions socket = SocketOptions.builder().connectTimeout(endpoint.timeout()).keepAlive(true).build();
    TimeoutOptions timeouts = TimeoutOptions.enabled(endpoint.timeout());
    List<RedisURI> uris = uris();
    return switch (endpoint.type()) {
      case SINGLE -> {
        RedisClient c = RedisClient.create(resources);
        client = c;
        c.setOptions(ClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .sslOptions(sslOptions()).build());
        yield c.connect(StringCodec.UTF8, uris.getFirst());
      }
      case SENTINEL -> {
        RedisClient c = RedisClient.create(resources);
        client = c;
        c.setOptions(ClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .sslOptions(sslOptions()).build());
        yield MasterReplica.connect(c, StringCodec.UTF8, uris.getFirst());
      }
      case CLUSTER -> {
        RedisClusterClient c = RedisClusterClient.create(resources, uris);
        client = c;
        c.setOptions(ClusterClientOptions.builder().socketOptions(socket).timeoutOptions(timeouts)
            .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
            .sslOptions(sslOptions())
            .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(Duration.ofSeconds(30))
                .build())
            .build());
        yield c.connect(StringCodec.UTF8);
      }
    };
  }

  private SslOptions sslOptions() {
    RedisTls t = endpoint.tlsFiles();
    SslOptions.Builder b = SslOptions.builder().jdkSslProvider();
    if (!t.caCert().isEmpty()) {
      b.trustManager(new File(t.caCert()));
    }
    if (!t.clientCert().isEmpty() && !t.clientKey().isEmpty()) {
      b.keyManager(new File(t.clientCert()), new File(t.clientKey()), null);
    }
    return b.build();
  }

  /** envoyproxy/ratelimit's URL forms turned into Lettuce URIs. */
  List<RedisURI> uris() {
    String[] parts = endpoint.url().split(",");
    List<RedisURI> out = new ArrayList<>();
    if (endpoint.type() == RedisType.SENTINEL) {
      if (parts.length < 2) {
        throw new IllegalArgumentException("REDIS_URL: expected the primary's name and the Sentinels, in the format "
            + "<primary name>,<sentinel1>,...,<sentinelN>");
      }
      RedisURI.Builder b = null;
      String password = endpoint.sentinelAuth();
      for (int i = 1; i < parts.length; i++) {
        RedisURI s = node(parts[i].trim());
        if (b == null) {
          b = password.isEmpty()
              ? RedisURI.Builder.sentinel(s.getHost(), s.getPort(), parts[0].trim())
              : RedisURI.Builder.sentinel(s.getHost(), s.getPort(), parts[0].trim(), password);
        } else if (password.isEmpty()) {
          b.withSentinel(s.getHost(), s.getPort());
        } else {
          b.withSentinel(s.getHost(), s.getPort(), password);
        }
      }
      RedisURI uri = b.build();
      configure(uri);
      out.add(uri);
      return out;
    }
    for (String p : parts) {
      RedisURI uri = node(p.trim());
      configure(uri);
      out.add(uri);
    }
    return out;
  }

  private void configure(RedisURI uri) {
    uri.setTimeout(endpoint.timeout());
    if (!endpoint.auth().isEmpty()) {
      int colon = endpoint.auth().indexOf(':');
      if (colon >= 0) {
        uri.setAuthentication(endpoint.auth().substring(0, colon), endpoint.auth().substring(colon + 1).toCharArray());
      } else {
        uri.setAuthentication(endpoint.auth().toCharArray());
      }
    }
    if (endpoint.tls()) {
      uri.setSsl(true);
      uri.setVerifyPeer(endpoint.tlsFiles().skipHostnameVerification() ? SslVerifyMode.CA : SslVerifyMode.FULL);
    }
  }

  private static RedisURI node(String text) {
    if (text.startsWith("redis://") || text.startsWith("rediss://") || text.startsWith("redis-socket://")) {
      return RedisURI.create(text);
    }
    if (text.startsWith("/")) {
      return RedisURI.Builder.socket(text).build();
    }
    int colon = text.lastIndexOf(':');
    if (colon <= 0) {
      return RedisURI.Builder.redis(text, 6379).build();
    }
    try {
      return RedisURI.Builder.redis(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1))).build();
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("REDIS_URL: '" + text + "' (expected: host:port or redis://host:port)");
    }
  }

  @Override
  public void close() {
    closed = true;
    retry.shutdownNow();
    StatefulConnection<String, String> c = connection;
    connection = null;
    if (c != null) {
      c.close();
    }
    synchronized (this) {
      if (client != null) {
        client.shutdown(0, 2, TimeUnit.SECONDS);
        client = null;
      }
    }
  }
}
