package dev.attache.control.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.testing.Downloads;
import dev.attache.wasm.testing.HttpSource;
import dev.attache.wasm.testing.ImagePusher;
import dev.attache.wasm.testing.RegistryProcess;
import dev.attache.wasm.testing.TestModules;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.wasm.v3.Wasm;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve} with an EnvoyExtensionPolicy Wasm module: fetched from a real HTTP server or a
 * real OCI registry, verified, published on serve's module server at a path Envoy finds in its
 * filter config, and reported in the policy's status at {@code /statuses}.
 */
class ServeWasmTest {
  private static final Path QUICKSTART = Path.of(System.getProperty("attache.projectRoot",
      System.getProperty("user.dir") + "/..")).resolve("examples/quickstart");
  private static final String GATEWAY = "default/eg";

  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private ServeCommand.Running running;

  @BeforeEach
  void copyQuickstart() throws IOException {
    Files.createDirectories(dir.resolve("resources"));
    for (String f : List.of("gateway.yaml", "httproute.yaml", "backend.yaml")) {
      Files.copy(QUICKSTART.resolve(f), dir.resolve("resources").resolve(f));
    }
  }

  @AfterEach
  void stop() {
    if (running != null) {
      running.process().stop();
    }
  }

  private void serve() throws Exception {
    ServeCommand serve = new ServeCommand();
    new CommandLine(serve).parseArgs("--resources", dir.resolve("resources").toString(), "--host", "127.0.0.1",
        "--port", "0", "--admin-port", "0", "--wasm-port", "0", "--wasm-cache-dir", dir.resolve("cache").toString());
    running = serve.start();
  }

  private void writePolicy(String resourceVersion, String code) throws IOException {
    Files.writeString(dir.resolve("resources").resolve("wasm-policy.yaml"), """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyExtensionPolicy
        metadata:
          name: stamp
          namespace: default
          resourceVersion: "%s"
        spec:
          targetRefs:
          - group: gateway.networking.k8s.io
            kind: HTTPRoute
            name: backend
          wasm:
          - name: stamp
            rootID: stamp_root
            env:
              hostKeys: [ATTACHE_WASM_TEST_KEY]
            code:
        %s
        """.formatted(resourceVersion, code.indent(6).stripTrailing()));
  }

  private String statuses() throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + running.adminPort() + "/statuses"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The Wasm filter config on the gateway's HTTP listener, as Envoy receives it. */
  private Optional<Wasm> wasmFilter() throws InvalidProtocolBufferException {
    var live = running.xds().snapshots().liveResources(GATEWAY);
    if (live == null) {
      return Optional.empty();
    }
    for (Listener l : live.listeners()) {
      for (var chain : l.getDefaultFilterChain().getFiltersList()) {
        if (!chain.getTypedConfig().is(HttpConnectionManager.class)) {
          continue;
        }
        for (HttpFilter f : chain.getTypedConfig().unpack(HttpConnectionManager.class).getHttpFiltersList()) {
          if (f.getTypedConfig().is(Wasm.class)) {
            return Optional.of(f.getTypedConfig().unpack(Wasm.class));
          }
        }
      }
    }
    return Optional.empty();
  }

  private List<Route> routes() {
    return running.xds().snapshots().liveResources(GATEWAY).routes().stream()
        .flatMap(rc -> rc.getVirtualHostsList().stream()).flatMap(vh -> vh.getRoutesList().stream()).toList();
  }

  private static URI moduleUrl(Wasm wasm) {
    return URI.create(wasm.getConfig().getVmConfig().getCode().getRemote().getHttpUri().getUri());
  }

  private static String httpCode(URI url, String sha256) {
    return """
        type: HTTP
        http:
          url: %s
          sha256: %s
        """.formatted(url, sha256);
  }

  @Test
  void aVerifiedHttpModuleIsServedToEnvoyWithOnlyItsHostKeys() throws Exception {
    byte[] module = TestModules.withCustomSection("stamp", 64);
    try (HttpSource source = HttpSource.start().serve("/stamp.wasm", module)) {
      writePolicy("1", httpCode(source.url("/stamp.wasm"), Sha256.of(module).hex()));
      serve();

      Wasm wasm = wasmFilter().orElseThrow();
      var vm = wasm.getConfig().getVmConfig();
      assertThat(vm.getEnvironmentVariables().getHostEnvKeysList()).containsExactly("ATTACHE_WASM_TEST_KEY");
      assertThat(vm.getEnvironmentVariables().getKeyValuesMap()).isEmpty();
      assertThat(vm.getCode().getRemote().getSha256()).isEqualTo(Sha256.of(module).hex());
      assertThat(vm.getCode().getRemote().getHttpUri().getCluster()).isEqualTo("wasm_cluster");

      // Envoy downloads from serve's module server, never from the source.
      URI url = moduleUrl(wasm);
      assertThat(url.getPort()).isEqualTo(running.wasmPort());
      assertThat(url.toString()).doesNotContain("stamp.wasm");
      Downloads.Result download = Downloads.get(url);
      assertThat(download.status()).isEqualTo(200);
      assertThat(download.body()).isEqualTo(module);
      assertThat(statuses()).contains("kind: EnvoyExtensionPolicy", "name: stamp", "Policy has been accepted.");
    }
  }

  @Test
  void aWrongDigestIsRefusedInTheStatusAndItsRouteAnswers500() throws Exception {
    byte[] module = TestModules.withCustomSection("stamp", 64);
    String wrong = Sha256.of("something else".getBytes()).hex();
    try (HttpSource source = HttpSource.start().serve("/stamp.wasm", module)) {
      writePolicy("1", httpCode(source.url("/stamp.wasm"), wrong));
      serve();

      assertThat(statuses()).contains("reason: Invalid", "which does not match: " + wrong);
      assertThat(wasmFilter()).isEmpty();
      assertThat(routes()).singleElement().satisfies(r ->
          assertThat(r.getDirectResponse().getStatus()).isEqualTo(500));
    }
  }

  @Test
  void aStoppedRegistryLeavesTheCachedModuleServedWithAWarning() throws Exception {
    byte[] module = TestModules.withCustomSection("from-registry", 128);
    RegistryProcess registry = RegistryProcess.start(dir.resolve("registry"), new RegistryProcess.NoAuth());
    try {
      ImagePusher.Pushed image = new ImagePusher(registry.address()).pushArtifact("filters/stamp", "v1", module);
      String code = """
          type: Image
          pullPolicy: Always
          image:
            url: %s
          """.formatted(image.reference());
      writePolicy("1", code);
      serve();

      Wasm wasm = wasmFilter().orElseThrow();
      assertThat(wasm.getConfig().getVmConfig().getCode().getRemote().getSha256()).isEqualTo(Sha256.of(module).hex());
      assertThat(Downloads.get(moduleUrl(wasm)).body()).isEqualTo(module);

      // The registry goes away; a new policy version makes Always check the source again.
      registry.stop();
      writePolicy("2", code);
      await().atMost(Duration.ofSeconds(60)).until(() -> statuses().contains("WasmModuleStale"));
      assertThat(statuses()).contains("serving the module cached earlier");
      Wasm stale = wasmFilter().orElseThrow();
      assertThat(Downloads.get(moduleUrl(stale)).body()).isEqualTo(module);
      assertThat(routes()).noneMatch(Route::hasDirectResponse);
    } finally {
      registry.close();
    }
  }
}
