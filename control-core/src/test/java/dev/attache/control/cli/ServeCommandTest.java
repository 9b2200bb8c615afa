package dev.attache.control.cli;

import dev.attache.control.pipeline.ResourceTranslation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.attache.control.resource.ReadResult;
import dev.attache.control.resource.ResourceReader;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.xds.translate.XdsResources;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.service.discovery.v3.AggregatedDiscoveryServiceGrpc;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryRequest;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {
  private static final Path QUICKSTART = Path.of(System.getProperty("attache.projectRoot",
      System.getProperty("user.dir") + "/..")).resolve("examples/quickstart");

  private final HttpClient http = HttpClient.newHttpClient();

  private String get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static ServeCommand parse(ServeCommand command, String... args) {
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void quickstartReadsCleanly() throws IOException {
    ResourceSet.Builder all = ResourceSet.builder();
    try (var files = Files.list(QUICKSTART)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        ReadResult r = ResourceReader.create().readDocuments(f, Files.readString(f));
        assertThat(r.problems()).as(f.toString()).isEmpty();
        assertThat(r.ignored()).as(f.toString()).isEmpty();
        r.resources().objects().forEach(all::add);
      }
    }
    ResourceSet set = all.build();
    assertThat(set.gatewayClasses()).singleElement()
        .satisfies(c -> assertThat(c.spec().controllerName()).isEqualTo("gateway.envoyproxy.io/gatewayclass-controller"));
    assertThat(set.gateways()).singleElement().satisfies(g -> {
      assertThat(g.namespace() + "/" + g.name()).isEqualTo("default/eg");
      assertThat(g.spec().gatewayClassName()).isEqualTo("eg");
    });
    var ref = set.httpRoutes().getFirst().spec().rules().getFirst().backendRefs().getFirst();
    var service = set.services().getFirst();
    assertThat(service.name()).isEqualTo(ref.name());
    assertThat(service.spec().ports()).anyMatch(p -> p.port().equals(ref.port()));
    assertThat(set.endpointSlices().getFirst().metadata().labels())
        .containsEntry("kubernetes.io/service-name", service.name());
  }

  @Test
  void servesTheQuickstartTranslated(@TempDir Path dir) throws Exception {
    ServeCommand serve = parse(new ServeCommand(), "--resources", QUICKSTART.toString(), "--host", "127.0.0.1",
        "--port", "0", "--admin-port", "0", "--wasm-port", "0",
        "--wasm-cache-dir", dir.resolve("wasm").toString());
    ServeCommand.Running running = serve.start();
    try {
      assertThat(get(running.adminPort(), "/ready")).isEqualTo("ready\n");
      String dump = get(running.adminPort(), "/config_dump");
      assertThat(dump).contains("Gateway default/eg", "HTTPRoute default/backend", "EndpointSlice default/backend-local")
          .doesNotContain("nothing is published");
      assertThat(running.xds().snapshots().liveVersions()).containsKey("default/eg");

      // An Envoy of the gateway connects and is counted.
      var channel = NettyChannelBuilder.forAddress("127.0.0.1", running.xdsPort()).usePlaintext().build();
      try {
        StreamObserver<DiscoveryRequest> stream = AggregatedDiscoveryServiceGrpc.newStub(channel)
            .streamAggregatedResources(new StreamObserver<DiscoveryResponse>() {
              @Override
              public void onNext(DiscoveryResponse value) {
              }

              @Override
              public void onError(Throwable t) {
              }

              @Override
              public void onCompleted() {
              }
            });
        stream.onNext(DiscoveryRequest.newBuilder().setTypeUrl("type.googleapis.com/envoy.config.cluster.v3.Cluster")
            .setNode(Node.newBuilder().setId("envoy-default-eg").setCluster("default/eg")).build());
        await().atMost(Duration.ofSeconds(10)).until(() -> get(running.adminPort(), "/metrics")
            .contains("attache_xds_connected_nodes 1.0"));
        stream.onCompleted();
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      running.process().stop();
    }
  }

  @Test
  void withATranslationChangesArePublished(@TempDir Path dir) throws Exception {
    for (String f : List.of("gateway.yaml", "httproute.yaml", "backend.yaml")) {
      Files.copy(QUICKSTART.resolve(f), dir.resolve(f));
    }
    ResourceTranslation translation = set -> Map.of("default/eg", new XdsResources(List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of()));
    ServeCommand serve = parse(new ServeCommand(translation), "--resources", dir.toString(), "--host", "127.0.0.1",
        "--port", "0", "--admin-port", "0", "--wasm-port", "0",
        "--wasm-cache-dir", dir.resolve("wasm").toString());
    ServeCommand.Running running = serve.start();
    try {
      assertThat(running.xds().snapshots().liveVersions()).containsKey("default/eg");
      Files.writeString(dir.resolve("broken.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: x}\nspec: {portz: []}\n");
      await().atMost(Duration.ofSeconds(10)).until(() -> get(running.adminPort(), "/config_dump")
          .contains("Service envoy-gateway-system/x: field spec.portz: unknown field"));
      assertThat(get(running.adminPort(), "/metrics")).contains("attache_provider_broken_files 1.0");
    } finally {
      running.process().stop();
    }
  }

  @Test
  void configFileProvidesThePaths(@TempDir Path dir) throws Exception {
    Path config = dir.resolve("envoy-gateway.yaml");
    Files.writeString(config, """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        provider:
          type: Custom
          custom:
            resource:
              type: File
              file:
                paths: ["%s"]
        """.formatted(QUICKSTART));
    ServeCommand.Running running = parse(new ServeCommand(), "--config", config.toString(), "--host", "127.0.0.1",
        "--port", "0", "--admin-port", "0", "--wasm-port", "0",
        "--wasm-cache-dir", dir.resolve("wasm").toString()).start();
    try {
      assertThat(running.provider().current().gateways()).hasSize(1);
    } finally {
      running.process().stop();
    }
    Files.writeString(config, "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: EnvoyGateway\nprovider: {typo: 1}\n");
    int exit = new CommandLine(new ServeCommand()).execute("--config", config.toString(), "--port", "0",
        "--admin-port", "0", "--wasm-port", "0", "--wasm-cache-dir", dir.resolve("wasm").toString());
    assertThat(exit).isEqualTo(2);
  }
}
