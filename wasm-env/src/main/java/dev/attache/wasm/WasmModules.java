package dev.attache.wasm;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.cache.CacheSettings;
import dev.attache.wasm.cache.ModuleCache;
import dev.attache.wasm.cache.ModuleRequest;
import dev.attache.wasm.cache.Resolution;
import dev.attache.wasm.cache.StoredModule;
import dev.attache.wasm.serve.ModuleServer;
import dev.attache.wasm.serve.ServingPaths;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The Wasm module service of the control plane, in one object: the cache that fetches and
 * verifies modules, and the server Envoy downloads them from. The translator asks
 * {@link #resolve} for each Wasm extension of each gateway, as Envoy Gateway's translator asks its
 * {@code WasmCache.Get}.
 */
public final class WasmModules implements ModuleResolver, AutoCloseable {
  private final ModuleCache cache;
  private final ModuleServer server;

  private WasmModules(ModuleCache cache, ModuleServer server) {
    this.cache = cache;
    this.server = server;
  }

  public static Builder builder(CacheSettings cache) {
    return new Builder(cache);
  }

  /**
   * Fetches (or finds) the module and publishes it for {@code gateway}.
   *
   * @param gateway the gateway (e.g. {@code namespace/name}) whose Envoy will download the module
   */
  @Override
  public CodeResolution resolve(String gateway, ModuleRequest request) {
    requireNonNull(gateway, "gateway");
    return switch (cache.resolve(request)) {
      case Resolution.Ready r -> new CodeResolution.Served(publish(gateway, r.originalUrl(), r.module()));
      case Resolution.Stale s -> new CodeResolution.Stale(publish(gateway, s.originalUrl(), s.module()), s.kind(), s.problem());
      case Resolution.Failed f -> new CodeResolution.Failed(f.kind(), f.message());
    };
  }

  private HttpWasmCode publish(String gateway, String originalUrl, StoredModule m) {
    return new HttpWasmCode(server.publish(gateway, originalUrl, m), originalUrl, m.sha256());
  }

  public ModuleCache cache() {
    return cache;
  }

  public ModuleServer server() {
    return server;
  }

  /** Whether modules can be served (for an admin server's {@code /ready}). */
  public boolean ready() {
    return server.serving();
  }

  /**
   * What {@code /config_dump} shows: the cached modules by digest and size, least recently used
   * first. Download paths are left out: they are what keeps modules private.
   */
  public Map<String, Object> configDump() {
    Map<String, Object> dump = new LinkedHashMap<>();
    dump.put("cacheDir", cache.settings().dir().toString());
    dump.put("maxBytes", cache.store().maxBytes());
    dump.put("totalBytes", cache.store().totalBytes());
    List<Map<String, Object>> modules = cache.store().snapshot().stream()
        .map(m -> Map.<String, Object>of("sha256", m.sha256().hex(), "size", m.size()))
        .toList();
    dump.put("modules", modules);
    dump.put("publishedPaths", server.publishedPaths());
    dump.put("servingBaseUrl", server.baseUri().toString());
    return dump;
  }

  @Override
  public void close() {
    server.close();
  }

  /** Settings of {@link WasmModules}; the server starts in {@link #start()}. */
  public static final class Builder {
    private final CacheSettings cacheSettings;
    private String host = "0.0.0.0";
    private int port = ModuleServer.DEFAULT_PORT;
    private URI baseUri;
    private ServingPaths paths = ServingPaths.random();
    private SSLContext tls;
    private MeterRegistry registry = new SimpleMeterRegistry();

    private Builder(CacheSettings cacheSettings) {
      this.cacheSettings = requireNonNull(cacheSettings, "cacheSettings");
    }

    public Builder host(String host) {
      this.host = requireNonNull(host, "host");
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** How Envoy reaches the module server; see {@link ModuleServer.Builder#baseUri}. */
    public Builder servingBaseUri(URI baseUri) {
      this.baseUri = requireNonNull(baseUri, "baseUri");
      return this;
    }

    /** The key download paths are derived with; share it between replicas. Default: random. */
    public Builder pathKey(byte[] key) {
      this.paths = ServingPaths.withKey(key);
      return this;
    }

    public Builder tls(SSLContext tls) {
      this.tls = requireNonNull(tls, "tls");
      return this;
    }

    public Builder metrics(MeterRegistry registry) {
      this.registry = requireNonNull(registry, "registry");
      return this;
    }

    /** Opens the cache (clearing what an earlier process left) and starts the module server. */
    public WasmModules start() {
      ModuleCache cache;
      try {
        cache = ModuleCache.open(cacheSettings, registry);
      } catch (IOException e) {
        throw new UncheckedIOException("wasm module cache: cannot open " + cacheSettings.dir() + ": " + e.getMessage(), e);
      }
      ModuleServer.Builder sb = ModuleServer.builder(cache.store()).host(host).port(port).paths(paths).metrics(registry);
      if (baseUri != null) {
        sb.baseUri(baseUri);
      }
      if (tls != null) {
        sb.tls(tls);
      }
      ModuleServer server = sb.build();
      cache.onEviction(m -> server.forget(m.sha256()));
      return new WasmModules(cache, server.start());
    }
  }
}
