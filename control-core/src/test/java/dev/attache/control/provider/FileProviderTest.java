package dev.attache.control.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.gatewayapi.HTTPRoute;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileProviderTest {
  @TempDir
  Path dir;

  private final List<ResourceSet> snapshots = new CopyOnWriteArrayList<>();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private FileProvider provider;

  @AfterEach
  void stop() {
    if (provider != null) {
      provider.close();
    }
  }

  static String gateway(String name) {
    return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: %s
          namespace: default
        spec:
          gatewayClassName: eg
          listeners:
          - name: http
            protocol: HTTP
            port: 80
        """.formatted(name);
  }

  static String route(String name, int port) {
    return """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: %s
          namespace: default
        spec:
          parentRefs:
          - name: eg
          rules:
          - backendRefs:
            - name: backend
              port: %d
        """.formatted(name, port);
  }

  private FileProvider start(Path... paths) throws IOException {
    provider = FileProvider.builder(List.of(paths)).debounce(Duration.ofMillis(50)).metrics(registry)
        .onChange(snapshots::add).build().start();
    return provider;
  }

  private static int port(ResourceSet set, String route) {
    return set.httpRoutes().stream().filter(r -> r.name().equals(route)).findFirst().map(HTTPRoute::spec)
        .map(s -> s.rules().getFirst().backendRefs().getFirst().port()).orElseThrow();
  }

  @Test
  void firstSnapshotIsDeliveredByStart() throws IOException {
    Files.writeString(dir.resolve("gateway.yaml"), gateway("eg"));
    Files.writeString(dir.resolve("routes.yml"), route("a", 3000) + "---\n" + route("b", 3001));
    Files.writeString(dir.resolve("notes.txt"), "not yaml, not read");
    start(dir);
    assertThat(snapshots).singleElement().satisfies(s -> {
      assertThat(s.gateways()).hasSize(1);
      assertThat(s.httpRoutes()).extracting(HTTPRoute::name).containsExactlyInAnyOrder("a", "b");
    });
    assertThat(provider.status().brokenFiles()).isEmpty();
  }

  @Test
  void aChangedFileGivesOneNewSnapshot() throws IOException {
    Files.writeString(dir.resolve("gateway.yaml"), gateway("eg"));
    Files.writeString(dir.resolve("routes.yaml"), route("a", 3000));
    start(dir);
    Files.writeString(dir.resolve("routes.yaml"), route("a", 4000));
    await().atMost(Duration.ofSeconds(10)).until(() -> port(provider.current(), "a") == 4000);
    assertThat(snapshots).hasSize(2);
    assertThat(snapshots.getLast().gateways()).hasSize(1);
    // Touching a file without changing it yields nothing new.
    Files.writeString(dir.resolve("routes.yaml"), route("a", 4000));
    await().during(Duration.ofMillis(400)).atMost(Duration.ofSeconds(2)).until(() -> snapshots.size() == 2);
  }

  @Test
  void aBrokenFileIsReportedAndTheOthersStillApply() throws IOException {
    Files.writeString(dir.resolve("gateway.yaml"), gateway("eg"));
    Files.writeString(dir.resolve("routes.yaml"), route("a", 3000));
    Files.writeString(dir.resolve("never-good.yaml"), route("x", 1).replace("port: 1", "prot: 1"));
    start(dir);
    assertThat(provider.current().httpRoutes()).extracting(HTTPRoute::name).containsExactly("a");
    assertThat(provider.status().brokenFiles()).singleElement().satisfies(f -> {
      assertThat(f.use()).isEqualTo(FileState.Use.SKIPPED);
      assertThat(f.problems()).singleElement().hasToString(dir.resolve("never-good.yaml").toAbsolutePath()
          + ": HTTPRoute default/x: field spec.rules[0].backendRefs[0].prot: unknown field (expected one of:"
          + " filters, group, kind, name, namespace, port, weight)");
    });

    // routes.yaml breaks: its last good content stays; a new gateway file still applies.
    Files.writeString(dir.resolve("routes.yaml"), route("a", 5000).replace("parentRefs", "parentRef"));
    Files.writeString(dir.resolve("gateway2.yaml"), gateway("eg2"));
    await().atMost(Duration.ofSeconds(10)).until(() -> provider.current().gateways().size() == 2);
    assertThat(port(provider.current(), "a")).isEqualTo(3000);
    assertThat(provider.status().brokenFiles()).extracting(FileState::use)
        .containsExactlyInAnyOrder(FileState.Use.SKIPPED, FileState.Use.LAST_GOOD);
    assertThat(registry.get("attache.provider.broken.files").gauge().value()).isEqualTo(2.0);

    // Fixed: the new content applies.
    Files.writeString(dir.resolve("routes.yaml"), route("a", 5000));
    await().atMost(Duration.ofSeconds(10)).until(() -> port(provider.current(), "a") == 5000);

    // Deleted: its objects go.
    Files.delete(dir.resolve("routes.yaml"));
    await().atMost(Duration.ofSeconds(10)).until(() -> provider.current().httpRoutes().isEmpty());
  }

  @Test
  void severalPathsMakeOneSnapshotAndDuplicatesAreReported(@TempDir Path other) throws IOException {
    Files.writeString(dir.resolve("gateway.yaml"), gateway("eg"));
    Files.writeString(other.resolve("routes.yaml"), route("a", 3000));
    Path single = other.resolve("single.yaml");
    Files.writeString(single, route("a", 9999) + "---\n" + route("c", 3002));
    start(dir, other);
    assertThat(provider.current().gateways()).hasSize(1);
    assertThat(provider.current().httpRoutes()).extracting(HTTPRoute::name).containsExactlyInAnyOrder("a", "c");
    assertThat(port(provider.current(), "a")).isEqualTo(3000);
    assertThat(provider.status().duplicates()).singleElement().asString()
        .contains("HTTPRoute default/a is also defined in").contains("routes.yaml");

    Files.writeString(dir.resolve("gateway.yaml"), gateway("renamed"));
    await().atMost(Duration.ofSeconds(10))
        .until(() -> provider.current().gateways().getFirst().name().equals("renamed"));
    assertThat(provider.current().httpRoutes()).hasSize(2);
  }

  @Test
  void aMissingPathIsAnError() {
    assertThatThrownBy(() -> start(dir.resolve("nope"))).isInstanceOf(IOException.class)
        .hasMessageContaining("does not exist");
  }
}
