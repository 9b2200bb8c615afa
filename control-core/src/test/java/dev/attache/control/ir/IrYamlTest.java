package dev.attache.control.ir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.control.resource.meta.GoDuration;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IrYamlTest {
  @Test
  void unknownFieldIsRejectedWithItsPath() {
    assertThatThrownBy(() -> IrYaml.readXds("""
        http:
        - name: l
          routes:
          - name: r
            hostnme: "*"
        """))
        .isInstanceOf(IrFormatException.class)
        .hasMessageStartingWith("field http[0].routes[0].hostnme: unknown field");
  }

  @Test
  void durationsAreReadOnceAsGoDurationsAndWrittenAsGoPrintsThem() throws Exception {
    Xds xds = IrYaml.readXds("""
        http:
        - name: l
          routes:
          - name: r
            timeout: 90s
            traffic:
              requestBuffer:
                limit: 4096Ki
        """);
    HttpRoute route = xds.http().getFirst().routes().getFirst();
    assertThat(route.timeout()).isEqualTo(GoDuration.ofSeconds(90));
    assertThat(route.traffic().requestBuffer().limit().asLong()).isEqualTo(4L << 20);
    assertThat(IrYaml.writeXds(xds)).contains("timeout: 1m30s").contains("limit: 4Mi");
  }

  @Test
  void badDurationIsRejectedWithItsPathAndGosMessage() {
    assertThatThrownBy(() -> IrYaml.readXds("""
        http:
        - name: l
          routes:
          - name: r
            timeout: 10 s
        """))
        .isInstanceOf(IrFormatException.class)
        .hasMessageStartingWith("field http[0].routes[0].timeout: ")
        .hasMessageContaining("time: unknown unit \" s\" in duration \"10 s\"");
  }

  @Test
  void namesMatchCaseInsensitivelyAsGoDecodes() throws Exception {
    Xds xds = IrYaml.readXds("""
        tcp:
        - name: t
          routes:
          - name: r
            tls:
              terminate:
                certificates:
                - Name: c
                  PrivateKey: a2V5
        """);
    TlsCertificate cert = xds.tcp().getFirst().routes().getFirst().tls().terminate()
        .certificates().getFirst();
    assertThat(cert.name()).isEqualTo("c");
    assertThat(cert.privateKey().utf8()).isEqualTo("key");
  }

  @Test
  void bytesReadAsListOrBase64AndNeverPrint() throws Exception {
    Xds xds = IrYaml.readXds("""
        globalResources:
          envoyClientCertificate:
            name: c
            certificate: [99, 101, 114, 116]
            privateKey: '[redacted]'
        """);
    TlsCertificate cert = xds.globalResources().envoyClientCertificate();
    assertThat(cert.certificate().toArray()).isEqualTo("cert".getBytes(StandardCharsets.UTF_8));
    assertThat(cert.privateKey().utf8()).isEqualTo("[redacted]");
    assertThat(cert.toString()).doesNotContain("redacted").contains("Bytes[");
  }

  @Test
  void absentListsAreEmptyAndAbsentStringsAreGoZeroValues() throws Exception {
    Xds xds = IrYaml.readXds("http:\n- port: 80\n");
    HttpListener l = xds.http().getFirst();
    assertThat(l.routes()).isEmpty();
    assertThat(l.name()).isEmpty();
    assertThat(l.ipFamily()).isNull();
  }

  @Test
  void emptyDocumentIsAnEmptyIr() throws Exception {
    assertThat(IrYaml.readXds("").http()).isEmpty();
  }

  /** Upstream's YAML→JSON step sorts keys, so of two keys that fold together the later wins. */
  @Test
  void foldedDuplicateKeysResolveInByteOrderAsUpstream() throws Exception {
    Xds xds = IrYaml.readXds("""
        http:
        - name: l
          routes:
          - name: r
            destination:
              name: d
              settings:
              - name: s
                tls:
                  caCertificate:
                    name: policy-ca
                  CACertificate:
                    name: system_ca_certificates
        """);
    assertThat(xds.http().getFirst().routes().getFirst().destination().settings().getFirst()
        .tls().caCertificate().name()).isEqualTo("policy-ca");
  }

  @Test
  void writtenIrReadsBackTheSameAndRedactsKeys() throws Exception {
    String yaml = """
        http:
        - name: l
          address: "::"
          port: 10443
          hostnames: ["*"]
          tls:
            alpnProtocols: []
            certificates:
            - name: s
              certificate: [99, 101, 114, 116]
              privateKey: [107, 101, 121]
          routes:
          - name: r
            hostname: "*"
            pathMatch:
              prefix: /api
            traffic:
              rateLimit:
                global:
                  rules:
                  - name: ns/p/rule/0
                    headerMatches:
                    - name: x-user
                      exact: one
                    limit: {requests: 5, unit: Second}
                    shared: true
        """;
    Xds original = IrYaml.readXds(yaml);
    String written = IrYaml.writeXds(original);

    assertThat(written).contains("privateKey: \"[redacted]\"").doesNotContain("a2V5")
        .contains("certificate: Y2VydA==").contains("prefix: /api");
    Xds reread = IrYaml.readXds(written);
    assertThat(reread.http().getFirst().routes()).isEqualTo(original.http().getFirst().routes());
    assertThat(reread.http().getFirst().tls().alpnProtocols()).as("no ALPN stays no ALPN")
        .isEmpty();
    assertThat(reread.http().getFirst().tls().certificates().getFirst().certificate())
        .isEqualTo(original.http().getFirst().tls().certificates().getFirst().certificate());
  }

  /** Go's uint32 limits go up to 4294967295, past Java's int; the IR keeps and prints them whole. */
  @Test
  void circuitBreakerLimitsKeepTheFullUint32Range() throws Exception {
    Xds xds = IrYaml.readXds("""
        tcp:
        - name: t
          routes:
          - name: r
            circuitBreaker:
              maxConnections: 4294967295
              maxParallelRetries: 1024
              perEndpoint:
                maxConnections: 4294967295
        """);
    CircuitBreaker cb = xds.tcp().getFirst().routes().getFirst().circuitBreaker();
    assertThat(cb.maxConnections()).isEqualTo(4294967295L);
    assertThat(cb.maxParallelRetries()).isEqualTo(1024L);
    assertThat(cb.perEndpoint().maxConnections()).isEqualTo(4294967295L);
    assertThat(IrWriter.yaml(cb)).contains("maxConnections: 4294967295").doesNotContain("-1");
    assertThat(IrYaml.readXds(IrYaml.writeXds(xds))).isEqualTo(xds);
  }

  @Test
  void infraIrReadsAndWritesInUpstreamFieldNames() throws Exception {
    Infra infra = IrYaml.readInfra("""
        proxy:
          name: default/eg
          namespace: envoy-gateway-system
          metadata:
            labels:
              gateway.envoyproxy.io/owning-gateway-name: eg
          listeners:
          - name: default/eg/http
            ports:
            - name: http-80
              protocol: HTTP
              servicePort: 80
              containerPort: 10080
            http3: {}
        """);
    ProxyListener listener = infra.proxy().listeners().getFirst();
    assertThat(listener.ports().getFirst().containerPort()).isEqualTo(10080);
    assertThat(listener.http3()).isNotNull();
    assertThat(IrYaml.writeInfra(infra))
        .contains("servicePort: 80")
        .contains("gateway.envoyproxy.io/owning-gateway-name: eg")
        .doesNotContain("addresses");
    assertThatThrownBy(() -> IrYaml.readInfra("proxy:\n  listners: []\n"))
        .isInstanceOf(IrFormatException.class)
        .hasMessageStartingWith("field proxy.listners: unknown field");
  }
}
