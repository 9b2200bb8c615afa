package dev.attache.control.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TranslateCommandTest {
  private static final String INPUT = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: GatewayClass
      metadata:
        name: eg
      spec:
        controllerName: gateway.envoyproxy.io/gatewayclass-controller
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata:
        name: eg
      spec:
        gatewayClassName: eg
        listeners:
        - name: http
          protocol: HTTP
          port: 80
      ---
      apiVersion: v1
      kind: Service
      metadata:
        name: backend
      spec:
        clusterIP: 7.7.7.7
        ports:
        - name: http
          port: 3000
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata:
        name: backend
      spec:
        parentRefs:
        - name: eg
        hostnames: ["www.example.com"]
        rules:
        - backendRefs:
          - name: backend
            port: 3000
      """;

  @TempDir
  Path dir;

  private record Run(int exit, String out, String err) {
  }

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new TranslateCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private String input() throws Exception {
    Path file = dir.resolve("in.yaml");
    Files.writeString(file, INPUT);
    return file.toString();
  }

  @Test
  void gatewayApiOutputCarriesStatusAndCrdDefaults() throws Exception {
    Run r = run("-f", input(), "--to", "gateway-api");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode out = new YAMLMapper().readTree(r.out());
    assertThat(out.path("gatewayClass").path("status").path("conditions").get(0).path("message").asText())
        .isEqualTo("Valid GatewayClass");
    JsonNode gateway = out.path("gateways").get(0);
    assertThat(gateway.path("metadata").path("namespace").asText()).isEqualTo("envoy-gateway-system");
    assertThat(gateway.at("/spec/listeners/0/allowedRoutes/namespaces/from").asText()).isEqualTo("Same");
    assertThat(gateway.at("/status/listeners/0/attachedRoutes").asInt()).isEqualTo(1);
    JsonNode route = out.path("httpRoutes").get(0);
    assertThat(route.at("/spec/parentRefs/0/kind").asText()).isEqualTo("Gateway");
    assertThat(route.at("/spec/rules/0/backendRefs/0/weight").asInt()).isEqualTo(1);
    assertThat(route.at("/spec/rules/0/matches/0/path/value").asText()).isEqualTo("/");
    assertThat(out.has("xds")).isFalse();
  }

  @Test
  void xdsRoutesAsJsonRouteToTheServiceClusterIp() throws Exception {
    Run r = run("-f", input(), "--to", "xds", "-t", "route", "-o", "json");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode dump = new ObjectMapper().readTree(r.out()).path("xds").path("envoy-gateway-system/eg");
    assertThat(dump.path("@type").asText()).isEqualTo("type.googleapis.com/envoy.admin.v3.RoutesConfigDump");
    JsonNode config = dump.at("/dynamicRouteConfigs/0/routeConfig");
    assertThat(config.path("name").asText()).isEqualTo("envoy-gateway-system/eg/http");
    assertThat(config.at("/virtualHosts/0/domains/0").asText()).isEqualTo("www.example.com");

    Run endpoints = run("-f", input(), "--to", "xds", "-t", "endpoint");
    assertThat(endpoints.exit()).as(endpoints.err()).isZero();
    assertThat(endpoints.out()).contains("7.7.7.7").doesNotContain("dynamicRouteConfigs");
  }

  @Test
  void allXdsIncludesTheDefaultBootstrap() throws Exception {
    Run r = run("-f", input(), "--to", "xds");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode configs = new YAMLMapper().readTree(r.out()).at("/xds/envoy-gateway-system~1eg/configs");
    assertThat(configs.size()).isEqualTo(5);
    assertThat(configs.get(0).at("/bootstrap/dynamicResources/adsConfig/apiType").asText()).isEqualTo("DELTA_GRPC");
  }

  @Test
  void irOutputHasBothIrs() throws Exception {
    Run r = run("-f", input(), "--to", "ir");
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode out = new YAMLMapper().readTree(r.out());
    assertThat(out.at("/xdsIR/envoy-gateway-system~1eg/http/0/routes/0/hostname").asText())
        .isEqualTo("www.example.com");
    assertThat(out.at("/infraIR/envoy-gateway-system~1eg/proxy/listeners/0/ports/0/servicePort").asInt())
        .isEqualTo(80);
  }

  @Test
  void errorsNameTheProblem() throws Exception {
    Path noClass = dir.resolve("no-class.yaml");
    Files.writeString(noClass, INPUT.substring(INPUT.indexOf("---") + 4));
    Run missing = run("-f", noClass.toString(), "--to", "xds");
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("the GatewayClass resource is required");
    Run badType = run("-f", input(), "-t", "secret");
    assertThat(badType.exit()).isEqualTo(1);
    assertThat(badType.err()).contains("secret is not a valid output type");
    Run badTo = run("-f", input(), "--to", "envoy");
    assertThat(badTo.err()).contains("envoy is not a valid output type");
  }

  @Test
  void addMissingResourcesMakesUpReferencedServices() throws Exception {
    String text = INPUT.replace("name: backend\nspec:\n  clusterIP: 7.7.7.7", "name: other\nspec:\n  clusterIP: 7.7.7.7");
    Path file = dir.resolve("missing.yaml");
    Files.writeString(file, text);
    Run r = run("-f", file.toString(), "--to", "xds", "-t", "endpoint", "--add-missing-resources");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).contains("1.2.3.4");
  }
}
