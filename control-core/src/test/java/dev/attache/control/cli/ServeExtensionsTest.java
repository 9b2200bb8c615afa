package dev.attache.control.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.attache.control.extension.StampedRouteResources;
import dev.attache.extension.example.HeaderStampHooks;
import dev.attache.extension.sdk.HookServer;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code serve --config} and {@code translate --config} with the worked example's extension
 * server on 127.0.0.1: a HeaderStamp filter in the resource files reaches the route hook; a
 * broken HeaderStamp makes the hook fail, which the route, {@code /config_dump}, the metrics and
 * the logs show, until the resource is fixed.
 */
class ServeExtensionsTest {
  private static final String GATEWAY = StampedRouteResources.YAML;

  private static String stamp(String header) {
    return """
        apiVersion: example.attache.dev/v1alpha1
        kind: HeaderStamp
        metadata: {name: stamp, namespace: default}
        spec:
          headers: [{name: "%s", value: payments}]
        """.formatted(header);
  }

  private static String config(int port, String extra) {
    return """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        extensionManager:
          resources: [{group: example.attache.dev, version: v1alpha1, kind: HeaderStamp}]
          hooks: {xdsTranslator: {post: [Route]}}
          service: {ip: {address: 127.0.0.1, port: %d}}
          timeout: 5s
        """.formatted(port) + extra;
  }

  private final HttpClient http = HttpClient.newHttpClient();

  private String get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  private static Route route(ServeCommand.Running running) {
    return running.xds().snapshots().liveResources("default/eg").routes().getFirst().getVirtualHosts(0).getRoutes(0);
  }

  @Test
  void serveCallsTheExtensionOnEveryTranslationAndShowsItsFailures(@TempDir Path dir) throws Exception {
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("gateway.yaml"), GATEWAY);
    Files.writeString(resources.resolve("stamp.yaml"), stamp("x-team"));
    try (HookServer extension = HookServer.builder(new HeaderStampHooks()).host("127.0.0.1").port(0)
        .shutdownGrace(Duration.ZERO).build().start()) {
      Path config = dir.resolve("envoy-gateway.yaml");
      Files.writeString(config, config(extension.port(), ""));
      ServeCommand serve = new ServeCommand();
      new CommandLine(serve).parseArgs("--config", config.toString(), "--resources", resources.toString(),
          "--host", "127.0.0.1", "--port", "0", "--admin-port", "0", "--wasm-port", "0",
          "--wasm-cache-dir", dir.resolve("wasm").toString());
      ServeCommand.Running running = serve.start();
      try {
        assertThat(route(running).hasRoute()).isTrue();
        assertThat(route(running).getRequestHeadersToAdd(0).getHeader().getKey()).isEqualTo("x-team");
        assertThat(get(running.adminPort(), "/config_dump")).contains("extensionHooks", "FailClosed");

        // A HeaderStamp the extension rejects: the route answers 500 and everything says why.
        Files.writeString(resources.resolve("stamp.yaml"), stamp(""));
        await().atMost(Duration.ofSeconds(10)).until(() -> route(running).getDirectResponse().getStatus() == 500);
        assertThat(get(running.adminPort(), "/config_dump")).contains("default/eg",
            "extension \\\"extension\\\": Route hook failed on route httproute/default/stamped/rule/0/match/0/www_example_com",
            "INVALID_ARGUMENT", "spec.headers[].name: empty", "answering 500");
        assertThat(get(running.adminPort(), "/metrics")).containsPattern(
            "attache_extension_hook_failures_total\\{[^}]*extension=\"extension\"[^}]*hook=\"Route\"[^}]*\\} 1\\.0");

        // Fixed: the next translation restores the route.
        Files.writeString(resources.resolve("stamp.yaml"), stamp("x-team"));
        await().atMost(Duration.ofSeconds(10)).until(() -> route(running).hasRoute());
        assertThat(route(running).getRequestHeadersToAdd(0).getHeader().getKey()).isEqualTo("x-team");
        assertThat(get(running.adminPort(), "/config_dump")).doesNotContain("answering 500");
      } finally {
        running.process().stop();
      }
    }
  }

  @Test
  void serveRefusesAnExtensionWhoseTlsSecretIsMissing(@TempDir Path dir) throws Exception {
    Path resources = Files.createDirectories(dir.resolve("resources"));
    Files.writeString(resources.resolve("gateway.yaml"), GATEWAY);
    Path config = dir.resolve("envoy-gateway.yaml");
    Files.writeString(config, config(5005, "").replace("service: {ip: {address: 127.0.0.1, port: 5005}}",
        "service: {ip: {address: 127.0.0.1, port: 5005}, tls: {certificateRef: {name: ext-ca}}}"));
    int exit = new CommandLine(new ServeCommand()).execute("--config", config.toString(),
        "--resources", resources.toString(), "--host", "127.0.0.1", "--port", "0", "--admin-port", "0",
        "--wasm-port", "0", "--wasm-cache-dir", dir.resolve("wasm").toString());
    assertThat(exit).isEqualTo(2);
  }

  @Test
  void translateCallsTheExtensionsOfItsConfig(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("in.yaml");
    try (HookServer extension = HookServer.builder(new HeaderStampHooks()).host("127.0.0.1").port(0)
        .shutdownGrace(Duration.ZERO).build().start()) {
      Path config = dir.resolve("envoy-gateway.yaml");
      Files.writeString(config, config(extension.port(), ""));

      Files.writeString(input, GATEWAY + "---\n" + stamp("x-team"));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = new CommandLine(new TranslateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute("-f", input.toString(), "--to", "xds", "-t", "route", "--config", config.toString());
      assertThat(exit).as(err.toString()).isZero();
      assertThat(out.toString()).contains("x-team", "payments");
      assertThat(err.toString()).isEmpty();

      Files.writeString(input, GATEWAY + "---\n" + stamp(""));
      out = new StringWriter();
      err = new StringWriter();
      exit = new CommandLine(new TranslateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute("-f", input.toString(), "--to", "xds", "-t", "route", "--config", config.toString());
      assertThat(exit).isZero();
      assertThat(out.toString()).contains("status: 500").doesNotContain("payments");
      assertThat(err.toString()).contains("Warning: gateway default/eg",
          "Route hook failed", "spec.headers[].name: empty");
    }
  }

  @Test
  void theWorkedExampleTranslatesWithItsExtension(@TempDir Path dir) throws Exception {
    Path example = Path.of(System.getProperty("attache.projectRoot", System.getProperty("user.dir") + "/.."))
        .resolve("examples/extension");
    StringBuilder input = new StringBuilder();
    try (var files = Files.list(example.resolve("resources"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        input.append(Files.readString(f)).append("\n---\n");
      }
    }
    Files.writeString(dir.resolve("in.yaml"), input);
    try (HookServer extension = HookServer.builder(new HeaderStampHooks()).host("127.0.0.1").port(0)
        .shutdownGrace(Duration.ZERO).build().start()) {
      String config = Files.readString(example.resolve("envoy-gateway.yaml"));
      assertThat(config).contains("port: 5005");
      Files.writeString(dir.resolve("envoy-gateway.yaml"), config.replace("port: 5005", "port: " + extension.port()));
      StringWriter out = new StringWriter();
      StringWriter err = new StringWriter();
      int exit = new CommandLine(new TranslateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
          .execute("-f", dir.resolve("in.yaml").toString(), "--to", "xds", "-t", "route",
              "--config", dir.resolve("envoy-gateway.yaml").toString());
      assertThat(exit).as(err.toString()).isZero();
      assertThat(err.toString()).isEmpty();
      assertThat(out.toString()).contains("requestHeadersToAdd", "x-team", "payments");
    }
  }

  @Test
  void translateWithoutExtensionsInItsConfigTranslatesAsBefore(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("in.yaml");
    Files.writeString(input, GATEWAY);
    Path config = dir.resolve("envoy-gateway.yaml");
    Files.writeString(config, "apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: EnvoyGateway\n");
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new TranslateCommand()).setOut(new PrintWriter(new StringWriter()))
        .setErr(new PrintWriter(err)).execute("-f", input.toString(), "--to", "xds", "--config", config.toString());
    assertThat(exit).as(err.toString()).isZero();
  }
}
