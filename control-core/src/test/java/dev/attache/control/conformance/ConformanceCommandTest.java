package dev.attache.control.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code attache conformance} on a small corpus written here, laid out like the shared one. */
class ConformanceCommandTest {
  private static final String UDP_IR = """
      udp:
      - name: udp-route
        address: "0.0.0.0"
        port: 10080
        route:
          name: udp-route
          destination:
            name: udp-route-dest
            settings:
            - endpoints:
              - host: 1.2.3.4
                port: 50000
              name: udp-route-dest/backend/0
      """;

  @TempDir
  Path root;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void corpus() throws Exception {
    Path in = Files.createDirectories(root.resolve("xds/in/xds-ir"));
    Path goldens = Files.createDirectories(root.resolve("xds/out/xds-ir"));
    Files.writeString(in.resolve("udp-route.yaml"), UDP_IR);
    Files.writeString(goldens.resolve("udp-route.listeners.yaml"), """
        - address:
            socketAddress:
              address: 0.0.0.0
              portValue: 10080
              protocol: UDP
          listenerFilters:
          - name: envoy.filters.udp_listener.udp_proxy
            typedConfig:
              '@type': type.googleapis.com/envoy.extensions.filters.udp.udp_proxy.v3.UdpProxyConfig
              matcher:
                onNoMatch:
                  action:
                    name: route
                    typedConfig:
                      '@type': type.googleapis.com/envoy.extensions.filters.udp.udp_proxy.v3.Route
                      cluster: udp-route-dest
              statPrefix: service
          name: udp-route
        """);
    Files.writeString(goldens.resolve("udp-route.routes.yaml"), "[]\n");
    Files.writeString(goldens.resolve("udp-route.endpoints.yaml"), """
        - clusterName: udp-route-dest
          endpoints:
          - lbEndpoints:
            - endpoint:
                address:
                  socketAddress:
                    address: 1.2.3.4
                    portValue: 50000
              loadBalancingWeight: 1
            loadBalancingWeight: 1
            locality:
              region: udp-route-dest/backend/0
        """);
    // The cluster golden is wrong on purpose in one field, to see the first differing path.
    Files.writeString(goldens.resolve("udp-route.clusters.yaml"), """
        - circuitBreakers:
            thresholds:
            - maxRetries: 1024
          commonLbConfig: {}
          connectTimeout: 5s
          dnsLookupFamily: V4_PREFERRED
          edsClusterConfig:
            edsConfig:
              ads: {}
              resourceApiVersion: V3
            serviceName: udp-route-dest
          ignoreHealthOnHostRemoval: true
          loadBalancingPolicy:
            policies:
            - typedExtensionConfig:
                name: envoy.load_balancing_policies.least_request
                typedConfig:
                  '@type': type.googleapis.com/envoy.extensions.load_balancing_policies.least_request.v3.LeastRequest
                  localityLbConfig:
                    localityWeightedLbConfig: {}
          name: udp-route-dest
          perConnectionBufferLimitBytes: 32768
          type: EDS
        """);
    Files.writeString(in.resolve("udp-route-invalid.yaml"), """
        udp:
        - name: udp-route
          port: 10080
          route:
            name: udp-route
            destination:
              name: udp-route-dest
              settings:
              - endpoints:
                - host: ""
                name: udp-route-dest/backend/0
        """);
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new ConformanceCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void textReportHasFamiliesFirstDifferenceAndTotals() {
    int code = run(root.toString());

    assertThat(code).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).contains("xds-ir: 1/2 passed", "  udp-route: 1/2 passed");
    assertThat(lines).anySatisfy(l -> assertThat(l)
        .startsWith("    FAIL udp-route: clusters [0].connectTimeout: expected \"5s\", got \"10s\""));
    assertThat(lines.getLast()).isEqualTo("1 passed, 1 failed");
  }

  @Test
  void jsonListsEveryCase() throws Exception {
    run(root.toString(), "--json");

    JsonNode json = new ObjectMapper().readTree(out.toString());
    assertThat(json.get("cases")).hasSize(2);
    // Cases run in file-name order: "udp-route-invalid.yaml" sorts before "udp-route.yaml".
    JsonNode invalid = json.get("cases").get(0);
    assertThat(invalid.get("corpus").asText()).isEqualTo("xds-ir");
    assertThat(invalid.get("name").asText()).isEqualTo("udp-route-invalid");
    assertThat(invalid.get("passed").asBoolean()).isTrue();
    assertThat(json.get("cases").get(1).get("firstDifference").asText()).contains("connectTimeout");
  }

  @Test
  void floorBelowCountFailsTheRun() throws Exception {
    Path floor = Files.writeString(root.resolve("floor.properties"), "xds-ir=2\n");

    assertThat(run(root.toString(), "--floor", floor.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("below floor: xds-ir: 1 passed (floor 2)");
  }

  @Test
  void floorWithUnknownCorpusIsABadArgument() throws Exception {
    Path floor = Files.writeString(root.resolve("floor.properties"), "xds=2\n");

    assertThat(run(root.toString(), "--floor", floor.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("floor.properties: corpus: xds (expected one of");
  }

  @Test
  void missingCorpusIsABadArgument() {
    assertThat(run(root.resolve("nope").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("not a directory");
  }
}
