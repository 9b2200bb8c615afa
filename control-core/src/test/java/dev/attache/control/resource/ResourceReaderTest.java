package dev.attache.control.resource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.control.resource.meta.IntOrString;
import dev.attache.control.resource.meta.ObjectRef;
import dev.attache.server.config.ConfigException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResourceReaderTest {
  private static final Path FILE = Path.of("/etc/attache/routes.yaml");
  private final ResourceReader reader = ResourceReader.create();

  private static final String GATEWAY = """
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
      """;

  @Test
  void unknownFieldNamesFileObjectAndPath() {
    ReadResult result = reader.readDocuments(FILE, GATEWAY + """
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata:
          name: backend
          namespace: default
        spec:
          parentRefs:
          - name: eg
          rules:
          - backendRefs:
            - name: a
              port: 3000
            - name: b
              port: 3000
              wieght: 2
        """);
    assertThat(result.problems()).singleElement().hasToString(
        "/etc/attache/routes.yaml: HTTPRoute default/backend: field spec.rules[0].backendRefs[1].wieght:"
            + " unknown field (expected one of: filters, group, kind, name, namespace, port, weight)");
    // The broken route is left out; the Gateway next to it is kept.
    assertThat(result.resources().httpRoutes()).isEmpty();
    assertThat(result.resources().gateways()).singleElement()
        .satisfies(g -> assertThat(g.spec().listeners().getFirst().port()).isEqualTo(80));
  }

  @Test
  void wrongTypeIsReportedWithoutQuotingTheValue() {
    ReadResult result = reader.readDocuments(FILE, """
        apiVersion: v1
        kind: Secret
        metadata:
          name: creds
          namespace: default
        data:
          password: [not, a, string]
        """);
    assertThat(result.problems()).singleElement().hasToString(
        "/etc/attache/routes.yaml: Secret default/creds: field data.password: expected a string");
  }

  @Test
  void aStringWhereANumberBelongsIsAnError() {
    ReadResult result = reader.readDocuments(FILE, GATEWAY.replace("port: 80", "port: \"80\""));
    assertThat(result.problems()).singleElement()
        .satisfies(p -> assertThat(p.field()).isEqualTo("spec.listeners[0].port"))
        .satisfies(p -> assertThat(p.message()).isEqualTo("expected an integer"));
  }

  @Test
  void duplicateKeyAndSyntaxErrorsNameTheFile() {
    ReadResult dup = reader.readDocuments(FILE, GATEWAY + "metadata:\n  name: again\n");
    assertThat(dup.problems()).singleElement().asString()
        .startsWith("/etc/attache/routes.yaml: YAML syntax error at line 12, column 9")
        .contains("Duplicate field 'metadata'");
    ReadResult broken = reader.readDocuments(FILE, "kind: Gateway\n  metadata: [\n");
    assertThat(broken.problems()).singleElement().asString().startsWith("/etc/attache/routes.yaml: YAML syntax error");
  }

  @Test
  void kindsAttacheDoesNotReadAreSkippedNotRejected() {
    ReadResult result = reader.readDocuments(FILE, """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: backend
        spec:
          anything: goes
        ---
        """ + GATEWAY);
    assertThat(result.ok()).isTrue();
    assertThat(result.ignored()).containsExactly(new ObjectRef("Deployment", "", "backend"));
    assertThat(result.resources().gateways()).hasSize(1);
  }

  @Test
  void missingKindIsAProblemAtItsDocument() {
    ReadResult result = reader.readDocuments(FILE, GATEWAY + "---\nmetadata:\n  name: x\n");
    assertThat(result.problems()).singleElement().hasToString(
        "/etc/attache/routes.yaml: document 2: field kind: missing (every object needs apiVersion and kind)");
  }

  @Test
  void defaultNamespaceFillsNamespacedKindsOnly() {
    ReadResult result = ResourceReader.withDefaultNamespace("envoy-gateway-system").readDocuments(FILE, """
        apiVersion: gateway.networking.k8s.io/v1
        kind: GatewayClass
        metadata:
          name: eg
        spec:
          controllerName: gateway.envoyproxy.io/gatewayclass-controller
        ---
        apiVersion: v1
        kind: Service
        metadata:
          name: backend
        spec:
          ports:
          - port: 3000
            targetPort: http
          - port: 3001
            targetPort: 8080
        """);
    assertThat(result.ok()).isTrue();
    assertThat(result.resources().gatewayClasses().getFirst().namespace()).isEmpty();
    var service = result.resources().services().getFirst();
    assertThat(service.namespace()).isEqualTo("envoy-gateway-system");
    assertThat(service.spec().ports()).extracting(p -> p.targetPort())
        .containsExactly(IntOrString.of("http"), IntOrString.of(8080));
  }

  @Test
  void mapOfListsLayoutReadsAndRejectsUnknownLists() {
    ReadResult result = reader.readResourceLayout(FILE, """
        gatewayClass:
          apiVersion: gateway.networking.k8s.io/v1
          kind: GatewayClass
          metadata:
            name: eg
          spec:
            controllerName: gateway.envoyproxy.io/gatewayclass-controller
        gateways:
        - apiVersion: gateway.networking.k8s.io/v1
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
              hostnme: example.com
        httproutes: []
        routes: []
        """);
    assertThat(result.resources().gatewayClasses()).hasSize(1);
    assertThat(result.problems()).extracting(ResourceProblem::detail).containsExactly(
        "Gateway default/eg (gateways[0]): field spec.listeners[0].hostnme: unknown field (expected one of:"
            + " allowedRoutes, hostname, name, port, protocol, tls)",
        "field routes: unknown resource list (expected one of: gatewayClass, envoyProxyForGatewayClass,"
            + " envoyProxyDefaultSpec, extensionRefFilters, extensionServerPolicies, gatewayClasses, gateways,"
            + " listenerSets, httpRoutes, grpcRoutes, tlsRoutes, tcpRoutes, udpRoutes, referenceGrants,"
            + " backendTLSPolicies, envoyProxiesForGateways, backends, clientTrafficPolicies,"
            + " backendTrafficPolicies, securityPolicies, envoyExtensionPolicies, envoyPatchPolicies, httpFilters,"
            + " namespaces, services, secrets, configMaps, endpointSlices, serviceImports, clusterTrustBundles)");
  }

  @Test
  void secretToStringNeverShowsData() {
    ReadResult result = reader.readDocuments(FILE, """
        apiVersion: v1
        kind: Secret
        metadata:
          name: creds
          namespace: default
        stringData:
          password: hunter2
        """);
    assertThat(result.resources().secrets().getFirst().toString()).doesNotContain("hunter2").contains("[redacted]");
  }

  @Test
  void envoyGatewayConfigReadsStrictly() throws ConfigException {
    var eg = reader.readEnvoyGateway(FILE, """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        provider:
          type: Custom
          custom:
            resource:
              type: File
              file:
                paths: ["/etc/attache/resources"]
        gateway:
          controllerName: gateway.envoyproxy.io/gatewayclass-controller
        """);
    assertThat(eg.gateway().controllerName()).isEqualTo("gateway.envoyproxy.io/gatewayclass-controller");
    assertThat(eg.provider().custom().resource().file().paths()).containsExactly("/etc/attache/resources");
    assertThatThrownBy(() -> reader.readEnvoyGateway(FILE, """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        gateway:
          controler: x
        """)).isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("/etc/attache/routes.yaml: EnvoyGateway: field gateway.controler: unknown field");
  }
}
