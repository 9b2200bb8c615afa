package dev.attache.control.xds.server;

import dev.attache.control.xds.translate.XdsResources;
import static dev.attache.control.xds.server.AdsTestClient.unpack;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.rpc.Status;
import dev.attache.control.provider.FileProvider;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.Node;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.service.discovery.v3.DeltaDiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.DiscoveryResponse;
import io.envoyproxy.envoy.service.discovery.v3.Resource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The xDS server end to end: resource files → file provider → (test) translation → snapshot →
 * a real ADS stream over gRPC on loopback, where the test plays Envoy: it receives a consistent
 * snapshot, ACKs it, gets the update after a file changes, NACKs one and sees the server keep
 * serving. Once for state of the world, once for delta.
 */
class AdsServerTest {
  private static final String CDS = XdsTypes.CLUSTER;
  private static final String EDS = XdsTypes.ENDPOINT;
  private static final String LDS = XdsTypes.LISTENER;
  private static final String RDS = XdsTypes.ROUTE;
  private static final String GATEWAY = "default/eg";

  @TempDir
  Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private XdsServer server;
  private FileProvider provider;

  @BeforeEach
  void start() throws IOException {
    Files.writeString(dir.resolve("gateway.yaml"), """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata:
          name: eg
          namespace: default
        spec:
          gatewayClassName: eg
          listeners:
          - name: http
            protocol: HTTP
            port: 80
        """);
    Files.writeString(dir.resolve("backend.yaml"), """
        apiVersion: v1
        kind: Service
        metadata:
          name: backend
          namespace: default
        spec:
          ports:
          - name: http
            port: 3000
        ---
        apiVersion: discovery.k8s.io/v1
        kind: EndpointSlice
        metadata:
          name: backend-1
          namespace: default
          labels:
            kubernetes.io/service-name: backend
        addressType: IPv4
        endpoints:
        - addresses: ["10.0.0.1"]
        ports:
        - name: http
          port: 3000
        """);
    writeRoute("www.example.com");
    server = XdsServer.builder(registry).host("127.0.0.1").port(0).build().start();
    provider = FileProvider.builder(List.of(dir)).debounce(Duration.ofMillis(50)).metrics(registry)
        .onChange(set -> server.snapshots().publishAll(TestTranslation.translate(set)))
        .build().start();
  }

  @AfterEach
  void stop() {
    provider.close();
    server.close();
  }

  private void writeRoute(String... hostnames) throws IOException {
    Files.writeString(dir.resolve("route.yaml"), """
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: backend
          namespace: default
        spec:
          parentRefs:
          - name: eg
          hostnames: [%s]
          rules:
          - backendRefs:
            - name: backend
              port: 3000
        """.formatted(String.join(", ", hostnames)));
  }

  private static Node node(String id) {
    return Node.newBuilder().setId(id).setCluster(GATEWAY).build();
  }

  private static List<String> domains(List<RouteConfiguration> routes) {
    return routes.stream().flatMap(r -> r.getVirtualHostsList().stream())
        .flatMap(v -> v.getDomainsList().stream()).toList();
  }

  private double metric(String name, String type, String result) {
    var search = registry.find(name).tag("type", type);
    if (!result.isEmpty()) {
      search = search.tag("result", result);
    }
    var c = search.counter();
    return c == null ? 0 : c.count();
  }

  private AdsTestClient.Acked ackedOf(String nodeId) {
    return server.status().get("nodes") instanceof List<?> nodes
        ? nodes.stream().map(StreamTracker.NodeStatus.class::cast).filter(n -> n.nodeId().equals(nodeId))
            .findFirst().map(n -> new AdsTestClient.Acked(n.ackedVersions(), n.lastNack())).orElseThrow()
        : null;
  }

  @Test
  void stateOfTheWorld() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(server.port(), node("envoy-1"), false)) {
      envoy.request(CDS, List.of(), "", "");
      DiscoveryResponse cds = envoy.next(CDS);
      List<Cluster> clusters = unpack(cds.getResourcesList(), Cluster.class);
      List<String> clusterNames = clusters.stream().map(Cluster::getName).toList();
      assertThat(clusterNames).containsExactly("httproute/default/backend/rule/0");
      envoy.request(LDS, List.of(), "", "");
      envoy.ack(cds, List.of());

      envoy.request(EDS, clusterNames, "", "");
      DiscoveryResponse eds = envoy.next(EDS);
      assertThat(unpack(eds.getResourcesList(), ClusterLoadAssignment.class))
          .extracting(ClusterLoadAssignment::getClusterName).containsExactlyElementsOf(clusterNames);
      envoy.ack(eds, clusterNames);

      DiscoveryResponse lds = envoy.next(LDS);
      List<String> rdsNames = unpack(lds.getResourcesList(), Listener.class).stream()
          .map(l -> rdsName(l)).toList();
      assertThat(rdsNames).containsExactly("default/eg/http");
      envoy.ack(lds, List.of());
      envoy.request(RDS, rdsNames, "", "");
      DiscoveryResponse rds = envoy.next(RDS);
      List<RouteConfiguration> routes = unpack(rds.getResourcesList(), RouteConfiguration.class);
      // Consistent: every cluster a route names was delivered.
      assertThat(routes.stream().flatMap(r -> r.getVirtualHostsList().stream())
          .flatMap(v -> v.getRoutesList().stream()).map(r -> r.getRoute().getCluster()))
          .isNotEmpty().allMatch(clusterNames::contains);
      assertThat(domains(routes)).containsExactly("www.example.com");
      envoy.ack(rds, rdsNames);

      SnapshotVersions live = server.snapshots().liveVersions().get(GATEWAY);
      assertThat(live.routes()).isEqualTo(rds.getVersionInfo()).matches("[0-9a-f]{16}");
      awaitAcked("envoy-1", RDS, rds.getVersionInfo());
      assertThat(ackedOf("envoy-1").versions()).containsEntry(CDS, live.clusters()).containsEntry(EDS, live.endpoints())
          .containsEntry(LDS, live.listeners());
      assertThat(server.connectedNodes()).containsExactly("envoy-1");
      assertThat(registry.get("attache.xds.connected.nodes").gauge().value()).isEqualTo(1.0);

      // A file changes: only the route configuration is pushed again.
      writeRoute("www.example.com", "api.example.com");
      DiscoveryResponse rds2 = envoy.next(RDS);
      assertThat(domains(unpack(rds2.getResourcesList(), RouteConfiguration.class)))
          .containsExactly("www.example.com", "api.example.com");
      assertThat(rds2.getVersionInfo()).isNotEqualTo(rds.getVersionInfo());
      envoy.ack(rds2, rdsNames);
      assertThat(envoy.anyWithin(CDS, Duration.ofMillis(300))).isFalse();

      // Envoy rejects the next one: counted, logged, not sent again; the ACKed version stays.
      writeRoute("www.example.com", "api.example.com", "bad.example.com");
      DiscoveryResponse rds3 = envoy.next(RDS);
      envoy.nack(rds3, rdsNames, rds2.getVersionInfo(), "test: route rejected");
      assertThat(envoy.anyWithin(RDS, Duration.ofSeconds(1))).as("the rejected version is not resent").isFalse();
      assertThat(metric("attache.xds.responses", "rds", "nack")).isEqualTo(1.0);
      assertThat(ackedOf("envoy-1").versions()).containsEntry(RDS, rds2.getVersionInfo());
      assertThat(ackedOf("envoy-1").lastNack()).contains(rds3.getVersionInfo()).contains("test: route rejected");

      // And the server keeps serving: the next change arrives.
      writeRoute("www.example.com", "api.example.com", "good.example.com");
      DiscoveryResponse rds4 = envoy.next(RDS);
      assertThat(domains(unpack(rds4.getResourcesList(), RouteConfiguration.class))).contains("good.example.com");
      envoy.ack(rds4, rdsNames);
      awaitAcked("envoy-1", RDS, rds4.getVersionInfo());
      assertThat(metric("attache.xds.responses", "rds", "ack")).isGreaterThanOrEqualTo(3.0);
      assertThat(metric("attache.xds.pushes", "rds", "")).isEqualTo(4.0);
    }
    awaitCondition(() -> server.connectedNodes().isEmpty());
  }

  @Test
  void delta() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(server.port(), node("envoy-d"), true)) {
      envoy.deltaRequest(CDS, List.of(), "", null);
      DeltaDiscoveryResponse cds = envoy.nextDelta(CDS);
      List<String> clusterNames = cds.getResourcesList().stream().map(Resource::getName).toList();
      assertThat(clusterNames).containsExactly("httproute/default/backend/rule/0");
      assertThat(cds.getResourcesList()).allSatisfy(r -> assertThat(r.getVersion()).isNotEmpty());
      envoy.deltaRequest(CDS, List.of(), cds.getNonce(), null);
      envoy.deltaRequest(EDS, clusterNames, "", null);
      DeltaDiscoveryResponse eds = envoy.nextDelta(EDS);
      assertThat(eds.getResourcesList()).extracting(Resource::getName).containsExactlyElementsOf(clusterNames);
      envoy.deltaRequest(EDS, List.of(), eds.getNonce(), null);

      envoy.deltaRequest(LDS, List.of(), "", null);
      DeltaDiscoveryResponse lds = envoy.nextDelta(LDS);
      List<String> rdsNames = lds.getResourcesList().stream()
          .map(r -> rdsName(unpack(List.of(r.getResource()), Listener.class).getFirst())).toList();
      envoy.deltaRequest(LDS, List.of(), lds.getNonce(), null);
      envoy.deltaRequest(RDS, rdsNames, "", null);
      DeltaDiscoveryResponse rds = envoy.nextDelta(RDS);
      assertThat(domains(deltaRoutes(rds))).containsExactly("www.example.com");
      envoy.deltaRequest(RDS, List.of(), rds.getNonce(), null);
      awaitAcked("envoy-d", RDS, rds.getSystemVersionInfo());

      writeRoute("www.example.com", "api.example.com");
      DeltaDiscoveryResponse rds2 = envoy.nextDelta(RDS);
      assertThat(domains(deltaRoutes(rds2))).containsExactly("www.example.com", "api.example.com");
      envoy.deltaRequest(RDS, List.of(), rds2.getNonce(), null);
      awaitAcked("envoy-d", RDS, rds2.getSystemVersionInfo());

      writeRoute("www.example.com", "api.example.com", "bad.example.com");
      DeltaDiscoveryResponse rds3 = envoy.nextDelta(RDS);
      envoy.deltaRequest(RDS, List.of(), rds3.getNonce(),
          Status.newBuilder().setCode(3).setMessage("test: delta route rejected").build());
      assertThat(envoy.anyWithin(RDS, Duration.ofSeconds(1))).as("the rejected version is not resent").isFalse();
      assertThat(metric("attache.xds.responses", "rds", "nack")).isEqualTo(1.0);
      assertThat(ackedOf("envoy-d").versions()).containsEntry(RDS, rds2.getSystemVersionInfo());
      assertThat(ackedOf("envoy-d").lastNack()).contains("test: delta route rejected");

      writeRoute("www.example.com", "api.example.com", "good.example.com");
      DeltaDiscoveryResponse rds4 = envoy.nextDelta(RDS);
      assertThat(domains(deltaRoutes(rds4))).contains("good.example.com");
      envoy.deltaRequest(RDS, List.of(), rds4.getNonce(), null);
      awaitAcked("envoy-d", RDS, rds4.getSystemVersionInfo());
    }
  }

  @Test
  void anInconsistentSnapshotIsRefusedAndNothingIsPushed() throws Exception {
    try (AdsTestClient envoy = new AdsTestClient(server.port(), node("envoy-2"), false)) {
      envoy.request(CDS, List.of(), "", "");
      DiscoveryResponse cds = envoy.next(CDS);
      envoy.ack(cds, List.of());
      SnapshotVersions before = server.snapshots().liveVersions().get(GATEWAY);

      XdsResources good = server.snapshots().liveResources(GATEWAY);
      RouteConfiguration broken = good.routes().getFirst().toBuilder()
          .addVirtualHosts(VirtualHost.newBuilder().setName("extra").addDomains("extra.example.com")
              .addRoutes(Route.newBuilder().setName("r").setMatch(
                      io.envoyproxy.envoy.config.route.v3.RouteMatch.newBuilder().setPrefix("/"))
                  .setRoute(io.envoyproxy.envoy.config.route.v3.RouteAction.newBuilder().setCluster("missing"))))
          .build();
      XdsResources bad = new XdsResources(good.listeners(), List.of(broken),
          good.clusters().subList(0, 1), List.of(), List.of(), List.of(), List.of());
      PublishResult result = server.snapshots().publish(GATEWAY, bad);

      assertThat(result).isInstanceOfSatisfying(PublishResult.Rejected.class, r ->
          assertThat(r.problems()).containsExactly(
              "cluster \"httproute/default/backend/rule/0\" uses EDS endpoints"
                  + " \"httproute/default/backend/rule/0\", which are missing",
              "route config \"default/eg/http\" virtual host \"extra\" route \"r\" names cluster \"missing\","
                  + " which is missing"));
      assertThat(server.snapshots().liveVersions().get(GATEWAY)).isEqualTo(before);
      assertThat(envoy.anyWithin(CDS, Duration.ofMillis(500))).isFalse();
      assertThat(registry.get("attache.xds.snapshots").tag("result", "rejected").counter().count()).isEqualTo(1.0);

      // Publishing identical content again is not a new version.
      assertThat(server.snapshots().publish(GATEWAY, good)).isInstanceOf(PublishResult.Unchanged.class);
    }
  }

  @Test
  void eachGatewayHasItsOwnSnapshotFromAppearanceToRemoval() throws Exception {
    try (AdsTestClient eg = new AdsTestClient(server.port(), node("envoy-eg"), false);
        AdsTestClient other = new AdsTestClient(server.port(),
            Node.newBuilder().setId("envoy-other").setCluster("default/other").build(), false)) {
      other.request(LDS, List.of(), "", "");
      eg.request(LDS, List.of(), "", "");
      assertThat(unpack(eg.next(LDS).getResourcesList(), Listener.class)).extracting(Listener::getName)
          .containsExactly("default/eg/http");
      // No Gateway default/other yet: its Envoy waits rather than getting another gateway's config.
      assertThat(other.anyWithin(LDS, Duration.ofMillis(500))).isFalse();

      Files.writeString(dir.resolve("other.yaml"), Files.readString(dir.resolve("gateway.yaml"))
          .replace("  name: eg\n", "  name: other\n"));
      DiscoveryResponse otherLds = other.next(LDS);
      assertThat(unpack(otherLds.getResourcesList(), Listener.class)).extracting(Listener::getName)
          .containsExactly("default/other/http");
      other.ack(otherLds, List.of());
      assertThat(server.snapshots().liveVersions()).containsOnlyKeys(GATEWAY, "default/other");

      // The Gateway goes away: its Envoy is told to drop its listeners.
      Files.delete(dir.resolve("other.yaml"));
      assertThat(other.next(LDS).getResourcesList()).isEmpty();
      assertThat(eg.anyWithin(LDS, Duration.ofMillis(300))).isFalse();
    }
  }

  private static List<RouteConfiguration> deltaRoutes(DeltaDiscoveryResponse r) {
    return unpack(r.getResourcesList().stream().map(Resource::getResource).collect(Collectors.toList()),
        RouteConfiguration.class);
  }

  private static String rdsName(Listener l) {
    var any = l.getFilterChains(0).getFilters(0).getTypedConfig();
    return unpack(List.of(any), HttpConnectionManager.class).getFirst().getRds().getRouteConfigName();
  }

  private void awaitAcked(String nodeId, String type, String version) {
    awaitCondition(() -> version.equals(ackedOf(nodeId).versions().get(type)));
  }

  private static void awaitCondition(java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(AdsTestClient.WAIT).until(condition);
  }
}
