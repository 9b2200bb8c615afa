package dev.attache.control.cli;

import static java.util.Objects.requireNonNull;

import dev.attache.control.extension.ExtensionConfigFile;
import dev.attache.control.extension.ExtensionSetup;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.load.ResourceLoader;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.pipeline.ResourceTranslation;
import dev.attache.control.pipeline.TranslationPipeline;

import dev.attache.control.provider.FileProvider;
import dev.attache.control.provider.FileState;
import dev.attache.control.resource.meta.KubernetesObject;
import dev.attache.control.resource.meta.ObjectRef;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.envoygateway.EnvoyGateway;
import dev.attache.control.resource.meta.KubernetesObject;
import dev.attache.control.resource.meta.ObjectRef;
import dev.attache.control.pipeline.TranslationSettings;
import dev.attache.control.xds.server.AuthzPolicyServer;
import dev.attache.control.xds.server.RateLimitConfigServer;
import dev.attache.control.xds.server.XdsServer;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import dev.attache.server.admin.AdminServer;
import dev.attache.server.cli.LogOptions;
import dev.attache.server.cli.ServerProcess;
import dev.attache.server.config.ConfigException;
import dev.attache.wasm.WasmModules;
import dev.attache.wasm.cache.CacheSettings;
import dev.attache.wasm.serve.ModuleServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code attache serve}: the control plane on resource files. Reads the files (Envoy Gateway's
 * file provider), translates each change and serves the result to Envoy over xDS, with an admin
 * server for metrics, health and a config dump.
 */
@Command(name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Runs the control plane on Gateway API resource files and serves Envoy configuration over xDS (ADS).",
        "Point an Envoy at it with: bin/attache bootstrap --gateway <namespace>/<name>"})
public final class ServeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

  @Mixin
  LogOptions logOptions;

  @Option(names = "--resources", paramLabel = "PATH",
      description = "Directory (its .yaml/.yml files) or file of Kubernetes YAML resources; repeatable."
          + " Default: the paths of --config's provider.custom.resource.file.paths.")
  List<Path> resources = new ArrayList<>();

  @Option(names = "--config", paramLabel = "FILE",
      description = "Envoy Gateway's EnvoyGateway configuration (kind: EnvoyGateway).")
  Path config;

  @Option(names = "--host", defaultValue = "0.0.0.0",
      description = "Address the xDS and admin servers bind. Default: ${DEFAULT-VALUE}")
  String host;

  @Option(names = "--port", defaultValue = "" + XdsServer.DEFAULT_PORT,
      description = "xDS gRPC port. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--admin-port", defaultValue = "19001",
      description = "Admin HTTP port (/metrics, /healthz, /ready, /config_dump, /statuses). Default: ${DEFAULT-VALUE}")
  int adminPort;

  @Option(names = "--wasm-port", defaultValue = "" + ModuleServer.DEFAULT_PORT,
      description = "Port of the HTTP server Envoy downloads Wasm modules from. Default: ${DEFAULT-VALUE}")
  int wasmPort;

  @Option(names = "--wasm-serving-url", paramLabel = "URL",
      description = "How Envoy reaches the Wasm module server (scheme://host:port), written into Wasm filter"
          + " configs. Default: http://<xDS address>:<wasm port>, which `bin/attache bootstrap` points wasm_cluster at.")
  URI wasmServingUrl;

  @Option(names = "--wasm-cache-dir", paramLabel = "DIR",
      description = "Directory of the Wasm module cache (emptied at start). Default: ${DEFAULT-VALUE}")
  Path wasmCacheDir = Path.of(System.getProperty("java.io.tmpdir"), "attache-wasm");

  @Option(names = "--wasm-cache-max-bytes", paramLabel = "BYTES",
      description = "Most the cached Wasm modules may weigh together; least recently used go first."
          + " Default: ${DEFAULT-VALUE} (1 GiB, as Envoy Gateway)")
  long wasmCacheMaxBytes = CacheSettings.DEFAULT_MAX_BYTES;

  @Option(names = "--ratelimit-xds-port", defaultValue = "" + RateLimitConfigServer.DEFAULT_PORT,
      description = "Port of the companion xDS server that publishes the rate-limit service's config"
          + " (RateLimitConfig per domain, node id " + RateLimitConfigServer.NODE_ID + "); runs when --config has"
          + " rateLimit. Default: ${DEFAULT-VALUE}")
  int rateLimitXdsPort;

  @Option(names = "--ratelimit-service-url", paramLabel = "URL",
      description = "Where Envoy's rate-limit cluster points (grpc://host:port), for a rate-limit service that is"
          + " not at Envoy Gateway's address. Default: grpc://envoy-ratelimit.envoy-gateway-system.svc.cluster.local:8081")
  URI rateLimitServiceUrl;

  @Option(names = "--ratelimit-xds-tls-cert", paramLabel = "FILE",
      description = "PEM certificate of the rate-limit config xDS server; with --ratelimit-xds-tls-key and"
          + " --ratelimit-xds-tls-ca it serves mutual TLS, as Envoy Gateway's does. Default: plaintext")
  Path rateLimitXdsTlsCert;

  @Option(names = "--ratelimit-xds-tls-key", paramLabel = "FILE", description = "PEM private key for --ratelimit-xds-tls-cert.")
  Path rateLimitXdsTlsKey;

  @Option(names = "--ratelimit-xds-tls-ca", paramLabel = "FILE",
      description = "PEM CA bundle the rate-limit services' client certificates must chain to.")
  Path rateLimitXdsTlsCa;

  @Option(names = "--authz-xds-port", paramLabel = "PORT", defaultValue = "" + AuthzPolicyServer.DEFAULT_PORT,
      description = "Port of the companion xDS server that publishes authz-service's policies (one AuthzPolicy"
          + " per SecurityPolicy the routes' ext_authz checks name, credentials hashed; node id "
          + AuthzPolicyServer.NODE_ID + "); bound when a route first needs authz-service. Default: ${DEFAULT-VALUE}")
  int authzXdsPort;

  @Option(names = "--authz-xds-tls-cert", paramLabel = "FILE",
      description = "PEM certificate of the authz policy xDS server; with --authz-xds-tls-key and --authz-xds-tls-ca"
          + " it serves mutual TLS (authz --xds-server-tls-ca, --xds-client-tls-cert/-key). Default: plaintext")
  Path authzXdsTlsCert;

  @Option(names = "--authz-xds-tls-key", paramLabel = "FILE", description = "PEM private key for --authz-xds-tls-cert.")
  Path authzXdsTlsKey;

  @Option(names = "--authz-xds-tls-ca", paramLabel = "FILE",
      description = "PEM CA bundle authz-services' client certificates must chain to.")
  Path authzXdsTlsCa;

  @Option(names = "--authz-service-url", paramLabel = "URL",
      description = "Where Envoy's ext_authz cluster for authz-service points (grpc://host:port), for an"
          + " authz-service that is not at the in-cluster address. Default: grpc://attache-authz."
          + TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE + ".svc.cluster.local:"
          + dev.attache.control.xds.translate.TranslatorSettings.AUTHZ_DEFAULT_PORT)
  URI authzServiceUrl;

  /** The translation tests inject; null to build the real pipeline in {@link #start()}. */
  private final ResourceTranslation injected;
  private ResourceTranslation translation;

  public ServeCommand() {
    this.injected = null;
  }

  public ServeCommand(ResourceTranslation translation) {
    this.injected = requireNonNull(translation, "translation");
  }

  @Override
  public Integer call() throws Exception {
    logOptions.apply();
    Running running;
    try {
      running = start();
    } catch (ConfigException | IllegalArgumentException e) {
      log.error("serve: {}", e.getMessage());
      return 2;
    } catch (IOException | UncheckedIOException e) {
      log.error("serve: {}", e.getMessage());
      return 1;
    }
    return running.process().awaitShutdown();
  }

  /** What {@link #start()} started: the bound ports, and the process that stops it all. */
  public record Running(int xdsPort, int adminPort, int wasmPort, ServerProcess process, FileProvider provider,
      XdsServer xds, RateLimitConfigServer rateLimitXds, java.util.function.Supplier<AuthzPolicyServer> authzXds) {
    /** The rate-limit config xDS server's port, or -1 when it does not run (no {@code rateLimit} in the config). */
    public int rateLimitXdsPort() {
      return rateLimitXds == null ? -1 : rateLimitXds.port();
    }

    /**
     * The authz policy xDS server's port, or -1 while it does not run (no route has needed
     * authz-service yet).
     */
    public int authzXdsPort() {
      AuthzPolicyServer s = authzXds.get();
      return s == null ? -1 : s.port();
    }
  }

  /** Starts the servers and the provider, and returns once the first snapshot is served. */
  public Running start() throws IOException, ConfigException {
    EnvoyGateway envoyGateway = null;
    ExtensionConfigFile configFile = null;
    if (config != null) {
      configFile = ExtensionConfigFile.read(config);
      envoyGateway = configFile.envoyGateway();
    }
    List<Path> paths = new ArrayList<>(resources);
    if (paths.isEmpty() && envoyGateway != null) {
      paths.addAll(filePaths(envoyGateway));
    }
    if (paths.isEmpty()) {
      throw new ConfigException(config, "no resources to serve: give --resources PATH"
          + (config == null ? "" : ", or list paths in provider.custom.resource.file.paths"));
    }

    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ServerProcess process = new ServerProcess();
    ExtensionSetup extensions = configFile != null && configFile.hasExtensions()
        ? process.own(new ExtensionSetup(configFile, ResourceLoader.DEFAULT_NAMESPACE, registry)) : null;
    AtomicBoolean loaded = new AtomicBoolean();
    Set<String> hinted = ConcurrentHashMap.newKeySet();
    try {
      XdsServer xds = process.own(XdsServer.builder(registry).host(host).port(port).build().start());
      // As Envoy Gateway: global rate limiting is on, and its config server runs, when the config has rateLimit.
      boolean globalRateLimit = envoyGateway != null && envoyGateway.rateLimit() != null;
      RateLimitConfigServer rateLimitXds = globalRateLimit ? process.own(startRateLimitXds(registry)) : null;
      // Credentials now, so a bad flag or file stops serve at once; the server when a route needs it.
      ServerCredentials authzXdsCredentials = mutualTls("--authz-xds", authzXdsTlsCert, authzXdsTlsKey, authzXdsTlsCa);
      AuthzXdsOnDemand authzXds = new AuthzXdsOnDemand(() -> startAuthzXds(registry, authzXdsCredentials), process,
          authzXdsPort);
      String xdsAddress = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
      WasmModules wasm = process.own(startWasmModules(registry, xdsAddress));
      translation = injected != null ? injected : new TranslationPipeline(TranslatorSettings.DEFAULT_CONTROLLER_NAME,
          TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE, extensions, wasm,
          globalRateLimit ? rateLimitServiceUrl() : null, authzServiceUrl());
      FileProvider provider = process.own(FileProvider.builder(paths).metrics(registry)
          .loader(extensions == null ? ResourceLoader.forUsers()
              : ResourceLoader.forUsers(extensions.resourceKinds(), extensions.policyKinds()))
          .onChange(set -> {
            apply(set, xds, rateLimitXds, authzXds);
            for (var g : set.gateways()) {
              String key = g.namespace() + "/" + g.name();
              if (hinted.add(key)) {
                log.info("gateway {}: point an Envoy at it with: bin/attache bootstrap --xds-address {}"
                    + " --xds-port {} --gateway {}{} > envoy.yaml && envoy -c envoy.yaml", key, xdsAddress,
                    xds.port(), key, wasm.server().port() == ModuleServer.DEFAULT_PORT ? ""
                        : " --wasm-port " + wasm.server().port());
              }
            }
          })
          .build());
      AdminServer admin = process.own(AdminServer.builder("control-plane").host(host).port(adminPort)
          .metrics(registry)
          .readiness(() -> loaded.get() && wasm.ready())
          .configDump(() -> configDump(paths, provider, xds, wasm, extensions, rateLimitXds, authzXds))
          .route("/statuses", exchange -> AdminServer.respond(exchange, 200, "application/yaml",
              IrWriter.yaml(translation.statuses()) + "\n"))
          .build().start());
      provider.start();
      if (extensions != null && extensions.chainError().isPresent()) {
        throw new ConfigException(null, extensions.chainError().get());
      }
      loaded.set(true);
      log.info("serve: xDS (ADS, state of the world and delta) on {}:{}; admin on {}:{}; Wasm modules on {}:{};"
          + " resources from {}", host, xds.port(), host, admin.port(), host, wasm.server().port(), paths);
      if (rateLimitXds != null) {
        log.info("serve: rate-limit config xDS (state of the world, node id {}) on {}:{}; Envoy's rate-limit cluster"
            + " points at {}", RateLimitConfigServer.NODE_ID, host, rateLimitXds.port(), rateLimitServiceUrl());
      }
      log.info("serve: authz policy xDS (state of the world, node id {}, {}) on {}:{}{}; Envoy's ext_authz cluster"
          + " points at {}", AuthzPolicyServer.NODE_ID, authzXdsCredentials != null ? "mutual TLS" : "plaintext", host,
          authzXds.server() != null ? authzXds.server().port() : authzXdsPort,
          authzXds.server() != null ? "" : " once a route needs authz-service",
          authzServiceUrl() != null ? authzServiceUrl() : "grpc://attache-authz."
              + TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE + ".svc.cluster.local:"
              + dev.attache.control.xds.translate.TranslatorSettings.AUTHZ_DEFAULT_PORT);
      if (provider.current().gateways().isEmpty()) {
        log.info("serve: no Gateway in the resources yet; once there is one, point an Envoy at it with:"
            + " bin/attache bootstrap --xds-address {} --xds-port {} --gateway <namespace>/<name>", xdsAddress,
            xds.port());
      }
      return new Running(xds.port(), admin.port(), wasm.server().port(), process, provider, xds, rateLimitXds,
          authzXds::server);
    } catch (IOException | RuntimeException | ConfigException e) {
      process.stop();
      throw e;
    }
  }

  /** Envoy Gateway's rate-limit service address unless {@code --ratelimit-service-url} names another. */
  private String rateLimitServiceUrl() {
    if (rateLimitServiceUrl == null) {
      return TranslationSettings.xdsSettings(TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE, "cluster.local")
          .rateLimitServiceUrl();
    }
    if (rateLimitServiceUrl.getHost() == null || rateLimitServiceUrl.getPort() < 0) {
      throw new IllegalArgumentException("--ratelimit-service-url: '" + rateLimitServiceUrl
          + "' (expected: grpc://host:port)");
    }
    return rateLimitServiceUrl.toString();
  }

  /** {@code --authz-service-url} checked, or null for the translator's in-cluster default. */
  private String authzServiceUrl() {
    if (authzServiceUrl == null) {
      return null;
    }
    if (!"grpc".equals(authzServiceUrl.getScheme()) || authzServiceUrl.getHost() == null
        || authzServiceUrl.getPort() < 0) {
      throw new IllegalArgumentException("--authz-service-url: '" + authzServiceUrl + "' (expected: grpc://host:port)");
    }
    return authzServiceUrl.toString();
  }

  /** The companion xDS server the rate-limit service reads its config from. */
  private RateLimitConfigServer startRateLimitXds(PrometheusMeterRegistry registry) throws IOException {
    RateLimitConfigServer.Builder b = RateLimitConfigServer.builder(registry).host(host).port(rateLimitXdsPort);
    ServerCredentials credentials = mutualTls("--ratelimit-xds", rateLimitXdsTlsCert, rateLimitXdsTlsKey,
        rateLimitXdsTlsCa);
    if (credentials != null) {
      b.credentials(credentials);
    }
    return b.build().start();
  }

  /** The companion xDS server authz-service reads its policies from. */
  private AuthzPolicyServer startAuthzXds(PrometheusMeterRegistry registry, ServerCredentials credentials) {
    AuthzPolicyServer.Builder b = AuthzPolicyServer.builder(registry).host(host).port(authzXdsPort);
    if (credentials != null) {
      b.credentials(credentials);
    }
    return b.build().start();
  }

  /**
   * A companion server's mutual TLS from its {@code <prefix>-tls-cert/-key/-ca} flags (clients
   * must present a certificate of the CA, as Envoy Gateway's), or null for plaintext.
   */
  private static ServerCredentials mutualTls(String prefix, Path cert, Path key, Path ca) throws IOException {
    if (cert == null && key == null && ca == null) {
      return null;
    }
    if (cert == null || key == null || ca == null) {
      throw new IllegalArgumentException(prefix + "-tls-cert, " + prefix + "-tls-key and " + prefix
          + "-tls-ca go together (expected: all three, or none for plaintext)");
    }
    return TlsServerCredentials.newBuilder()
        .keyManager(cert.toFile(), key.toFile())
        .trustManager(ca.toFile())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  /** The module cache and the server Envoy downloads modules from. */
  private WasmModules startWasmModules(PrometheusMeterRegistry registry, String advertisedHost) {
    CacheSettings settings;
    try {
      settings = CacheSettings.defaults(wasmCacheDir).withMaxBytes(wasmCacheMaxBytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--wasm-cache-max-bytes: " + e.getMessage(), e);
    }
    // Port 0 in the URL stands for the port bound (an ephemeral --wasm-port).
    URI base = wasmServingUrl != null ? wasmServingUrl : URI.create("http://" + advertisedHost + ":" + wasmPort);
    return WasmModules.builder(settings).host(host).port(wasmPort).servingBaseUri(base).metrics(registry).start();
  }

  private void apply(ResourceSet set, XdsServer xds, RateLimitConfigServer rateLimitXds, AuthzXdsOnDemand authzXds) {
    if (!translation.available()) {
      log.warn("serve: read {} object(s): {} GatewayClass(es), {} Gateway(s), {} HTTPRoute(s), {} other route(s)."
              + " This build has no Gateway API translator yet, so NOTHING is published over xDS:"
              + " connected Envoys get no listeners, routes or clusters.",
          set.size(), set.gatewayClasses().size(), set.gateways().size(), set.httpRoutes().size(),
          set.grpcRoutes().size() + set.tlsRoutes().size() + set.tcpRoutes().size() + set.udpRoutes().size());
      return;
    }
    xds.snapshots().publishAll(translation.translate(set));
    if (rateLimitXds != null) {
      rateLimitXds.publish(translation.rateLimitConfigs());
    }
    authzXds.publish(translation.authzPolicies());
  }

  private static List<Path> filePaths(EnvoyGateway eg) {
    var provider = eg.provider();
    if (provider == null || provider.custom() == null || provider.custom().resource() == null
        || provider.custom().resource().file() == null || provider.custom().resource().file().paths() == null) {
      return List.of();
    }
    return provider.custom().resource().file().paths().stream().map(Path::of).toList();
  }

  /** Files, their problems and object names (never object contents: Secrets live there), and xDS state. */
  private Map<String, Object> configDump(List<Path> paths, FileProvider provider, XdsServer xds, WasmModules wasm,
      ExtensionSetup extensions, RateLimitConfigServer rateLimitXds, AuthzXdsOnDemand authzXds) {
    Map<String, Object> files = new LinkedHashMap<>();
    for (FileState f : provider.status().files()) {
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("use", f.use().name().toLowerCase(java.util.Locale.ROOT));
      file.put("objects", f.objects().stream().map(KubernetesObject::displayName).toList());
      file.put("problems", f.problems().stream().map(p -> p.detail()).toList());
      files.put(f.path().toString(), file);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("resources", Map.of("paths", paths.stream().map(Path::toString).toList(),
        "objects", provider.current().objects().map(ObjectRef::of).map(ObjectRef::toString).toList(),
        "files", files, "duplicates", provider.status().duplicates()));
    out.put("translation", translation.available() ? "active" : "none in this build: nothing is published");
    out.put("xds", xds.status());
    out.put("wasm", wasm.configDump());
    if (rateLimitXds != null) {
      out.put("rateLimitXds", rateLimitXds.status());
    }
    out.put("authzXds", authzXds.status());
    if (extensions != null) {
      out.put("extensionHooks", extensions.status());
    }
    return out;
  }
}
