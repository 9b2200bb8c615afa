package dev.attache.control.gatewayapi.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.control.gatewayapi.GatewayApiTranslator;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.ir.TcpListener;
import dev.attache.control.resource.ResourceReader;
import dev.attache.server.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A ClientTrafficPolicy's TLS settings on a TLS-terminating TCP listener and its routes. */
class ClientTrafficPolicyTlsTest {
  @Test
  void terminatingRoutesShareTheListenersTlsAfterThePolicy() throws Exception {
    TestCertificates certs = TestCertificates.shared();
    String crt = Base64.getEncoder().encodeToString(Files.readAllBytes(certs.serverCert()));
    String key = Base64.getEncoder().encodeToString(Files.readAllBytes(certs.serverKey()));
    String ca = Files.readString(certs.caCert()).indent(6);
    String yaml = """
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {namespace: infra, name: edge}
        spec:
          gatewayClassName: eg
          listeners:
          - name: tls
            protocol: TLS
            port: 6443
            allowedRoutes: {namespaces: {from: All}}
            tls: {mode: Terminate, certificateRefs: [{name: edge-cert}]}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: infra}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {namespace: infra, name: edge-cert}
        type: kubernetes.io/tls
        data: {tls.crt: %s, tls.key: %s}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {namespace: infra, name: client-ca}
        data:
          ca.crt: |
        %s
        ---
        apiVersion: v1
        kind: Service
        metadata: {namespace: infra, name: db}
        spec:
          clusterIP: 10.0.0.9
          ports: [{name: tcp, port: 5432, protocol: TCP}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: TCPRoute
        metadata: {namespace: infra, name: db}
        spec:
          parentRefs: [{name: edge, sectionName: tls}]
          rules:
          - backendRefs: [{name: db, port: 5432}]
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: ClientTrafficPolicy
        metadata: {namespace: infra, name: mtls}
        spec:
          targetRefs: [{group: gateway.networking.k8s.io, kind: Gateway, name: edge, sectionName: tls}]
          tls:
            clientValidation:
              optional: false
              caCertificateRefs: [{kind: ConfigMap, name: client-ca}]
        """.formatted(crt, key, ca);
    var read = ResourceReader.create().readDocuments(Path.of("mtls.yaml"), yaml);
    assertThat(read.problems()).isEmpty();

    var result = GatewayApiTranslator.translate(read.resources(), TranslatorSettings.builder("eg").build());

    TcpListener listener = result.xdsIR().get("infra/edge").tcp().getFirst();
    assertThat(listener.tls().caCertificate()).isNotNull();
    assertThat(listener.tls().requireClientCertificate()).isTrue();
    assertThat(listener.routes()).singleElement()
        .satisfies(r -> assertThat(r.tls().terminate()).isEqualTo(listener.tls()));
  }
}
