package dev.attache.wasm.serve;

import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.attache.wasm.cache.ModuleStore;
import dev.attache.wasm.cache.StoredModule;
import dev.attache.wasm.digest.Sha256;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server Envoy downloads Wasm modules from (Envoy Gateway's port 18002). It answers only
 * paths that were {@link #publish published}; every other path, and a module evicted since, is a
 * plain 404 that says nothing about what exists.
 */
public final class ModuleServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ModuleServer.class);
  /** Envoy Gateway's Wasm HTTP server port. */
  public static final int DEFAULT_PORT = 18002;

  private final HttpServer http;
  private final ExecutorService executor;
  private final ServingPaths paths;
  private final ModuleStore store;
  private final URI baseUri;
  private final boolean tls;
  private final Map<String, Sha256> published = new ConcurrentHashMap<>();
  private final Counter served;
  private final Counter notFound;
  private final Counter bytesServed;
  private volatile boolean serving;

  private ModuleServer(Builder b) {
    this.paths = b.paths;
    this.store = b.store;
    this.tls = b.tls != null;
    try {
      InetSocketAddress addr = new InetSocketAddress(b.host, b.port);
      if (b.tls != null) {
        HttpsServer https = HttpsServer.create(addr, 128);
        https.setHttpsConfigurator(new HttpsConfigurator(b.tls));
        this.http = https;
      } else {
        this.http = HttpServer.create(addr, 128);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("wasm module server: cannot listen on " + b.host + ":" + b.port
          + ": " + e.getMessage(), e);
    }
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    this.baseUri = b.baseUri == null
        ? URI.create((tls ? "https" : "http") + "://envoy-gateway.envoy-gateway-system.svc.cluster.local:" + DEFAULT_PORT)
        : b.baseUri.getPort() == 0 ? withPort(b.baseUri, http.getAddress().getPort()) : b.baseUri;
    MeterRegistry r = b.registry;
    this.served = Counter.builder("wasm.module.downloads").tag("code", "200")
        .description("Wasm module downloads answered by the module server.").register(r);
    this.notFound = Counter.builder("wasm.module.downloads").tag("code", "404")
        .description("Wasm module downloads answered by the module server.").register(r);
    this.bytesServed = Counter.builder("wasm.module.served.bytes")
        .description("Bytes of Wasm modules sent to Envoy.").register(r);
    Gauge.builder("wasm.module.published.paths", published, Map::size)
        .description("Download paths currently published to gateways.").register(r);
  }

  private static URI withPort(URI uri, int port) {
    try {
      return new URI(uri.getScheme(), uri.getUserInfo(), uri.getHost(), port, uri.getPath(), uri.getQuery(),
          uri.getFragment());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("baseUri: " + uri + ": " + e.getMessage(), e);
    }
  }

  public static Builder builder(ModuleStore store) {
    return new Builder(store);
  }

  public ModuleServer start() {
    http.start();
    serving = true;
    log.info("Wasm module server listening on {} ({}), Envoy fetches from {}",
        http.getAddress(), tls ? "https" : "http", baseUri);
    return this;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /** Whether the server accepts downloads (for readiness). */
  public boolean serving() {
    return serving;
  }

  /** The URL prefix Envoy reaches this server at, as written into filter configs. */
  public URI baseUri() {
    return baseUri;
  }

  /**
   * Makes {@code module} downloadable for {@code gateway} and returns the URL to put in that
   * gateway's filter config.
   */
  public URI publish(String gateway, String originalUrl, StoredModule module) {
    String path = paths.pathFor(gateway, originalUrl, module.sha256());
    published.put(path, module.sha256());
    String base = baseUri.toString();
    return URI.create(base.endsWith("/") ? base + path : base + "/" + path);
  }

  /** Forgets every path of an evicted module. */
  public void forget(Sha256 sha256) {
    published.values().removeIf(sha256::equals);
  }

  /** How many paths are published. */
  public int publishedPaths() {
    return published.size();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      String path = exchange.getRequestURI().getRawPath();
      Sha256 sha = path.length() > 1 ? published.get(path.substring(1)) : null;
      Optional<StoredModule> module = sha == null ? Optional.empty() : store.use(sha);
      if (module.isEmpty()) {
        notFound.increment();
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      send(exchange, module.get(), method.equals("HEAD"));
    } catch (IOException | RuntimeException e) {
      log.debug("Wasm module download failed: {}", e.toString());
    }
  }

  private void send(HttpExchange exchange, StoredModule m, boolean headOnly) throws IOException {
    InputStream in;
    try {
      in = Files.newInputStream(m.file());
    } catch (NoSuchFileException e) {
      notFound.increment(); // evicted between lookup and open
      exchange.sendResponseHeaders(404, -1);
      return;
    }
    try (in) {
      exchange.getResponseHeaders().set("Content-Type", "application/wasm");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      if (headOnly) {
        exchange.getResponseHeaders().set("Content-Length", Long.toString(m.size()));
        exchange.sendResponseHeaders(200, -1);
        return;
      }
      exchange.sendResponseHeaders(200, m.size());
      try (OutputStream out = exchange.getResponseBody()) {
        long n = in.transferTo(out);
        bytesServed.increment(n);
      }
      served.increment();
    }
  }

  @Override
  public void close() {
    serving = false;
    http.stop(0);
    executor.shutdownNow();
  }

  /** Settings of a {@link ModuleServer}. */
  public static final class Builder {
    private final ModuleStore store;
    private String host = "0.0.0.0";
    private int port = DEFAULT_PORT;
    private URI baseUri;
    private ServingPaths paths = ServingPaths.random();
    private SSLContext tls;
    private MeterRegistry registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();

    private Builder(ModuleStore store) {
      this.store = requireNonNull(store, "store");
    }

    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port: " + port + " (expected: 0-65535)");
      }
      this.port = port;
      return this;
    }

    /**
     * How Envoy reaches this server, e.g. {@code http://attache.attache-system.svc.cluster.local:18002};
     * default Envoy Gateway's {@code envoy-gateway.envoy-gateway-system.svc.cluster.local:18002}.
     * Port 0 stands for the port the server binds (for an ephemeral {@link #port}).
     */
    public Builder baseUri(URI baseUri) {
      requireNonNull(baseUri, "baseUri");
      if (baseUri.getScheme() == null || baseUri.getHost() == null) {
        throw new IllegalArgumentException("baseUri: " + baseUri + " (expected: scheme://host[:port])");
      }
      this.baseUri = baseUri;
      return this;
    }

    public Builder paths(ServingPaths paths) {
      this.paths = requireNonNull(paths, "paths");
      return this;
    }

    /** Serve HTTPS with this context (Envoy Gateway serves modules over TLS on Kubernetes). */
    public Builder tls(SSLContext tls) {
      this.tls = requireNonNull(tls, "tls");
      return this;
    }

    public Builder metrics(MeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    public ModuleServer build() {
      return new ModuleServer(this);
    }
  }
}
