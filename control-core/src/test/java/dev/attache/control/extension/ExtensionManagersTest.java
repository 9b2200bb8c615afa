package dev.attache.control.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.control.extension.ConfiguredExtension.FailureMode;
import dev.attache.control.resource.ResourceReader;
import dev.attache.control.resource.envoygateway.EnvoyGateway;
import dev.attache.control.resource.meta.Quantity;
import dev.attache.extension.example.HeaderStampHooks;
import dev.attache.extension.sdk.HookContext;
import dev.attache.extension.sdk.HookServer;
import dev.attache.extension.testkit.HookTestKit;
import dev.attache.server.testing.TestCertificates;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExtensionManagersTest {
  private static EnvoyGateway config(String yaml) throws Exception {
    return ResourceReader.create().readEnvoyGateway(Path.of("envoy-gateway.yaml"), yaml);
  }

  private static final ExtensionManagers.SecretLookup NO_SECRETS = (ns, name) -> Optional.empty();

  @Test
  void singleManagerWithDefaults() throws Exception {
    var chain = ExtensionManagers.build(config("""
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        extensionManager:
          resources:
          - {group: example.attache.dev, version: v1alpha1, kind: HeaderStamp}
          hooks:
            xdsTranslator:
              post: [Route, VirtualHost]
          service:
            fqdn: {hostname: ext.example.svc, port: 5005}
        """), "envoy-gateway-system", NO_SECRETS, Duration.ofSeconds(10));

    assertThat(chain).singleElement().satisfies(e -> {
      assertThat(e.name()).isEqualTo("extension");
      assertThat(e.postHooks()).containsExactlyInAnyOrder(XdsHook.ROUTE, XdsHook.VIRTUAL_HOST);
      assertThat(e.failureMode()).isEqualTo(FailureMode.FAIL_CLOSED);
      assertThat(e.include()).isEqualTo(ConfiguredExtension.TranslationInclude.DEFAULT);
    });
    chain.forEach(e -> e.client().close());
  }

  @Test
  void managersKeepConfigOrderAndTheirOwnFailureMode() throws Exception {
    var chain = ExtensionManagers.build(config("""
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        extensionManagers:
        - name: first
          hooks: {xdsTranslator: {post: [Translation], translation: {listener: {includeAll: true}, cluster: {includeAll: false}}}}
          service: {ip: {address: 10.0.0.1, port: 5005}}
          failOpen: true
          maxMessageSize: 8Mi
        - name: second
          hooks: {xdsTranslator: {post: [Route]}}
          service: {unix: {path: /var/run/ext.sock}}
        """), "envoy-gateway-system", NO_SECRETS, Duration.ofSeconds(10));

    assertThat(chain).extracting(ConfiguredExtension::name).containsExactly("first", "second");
    assertThat(chain.get(0).failureMode()).isEqualTo(FailureMode.FAIL_OPEN);
    assertThat(chain.get(0).include()).isEqualTo(new ConfiguredExtension.TranslationInclude(true, false, false, true));
    assertThat(chain.get(1).failureMode()).isEqualTo(FailureMode.FAIL_CLOSED);
    chain.forEach(e -> e.client().close());
  }

  @Test
  void invalidConfigsNameTheField() {
    assertThatThrownBy(() -> ExtensionManagers.build(config("""
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        extensionManagers:
        - name: a
          hooks: {xdsTranslator: {post: [Route]}}
          service: {fqdn: {hostname: a, port: 1}}
        - name: a
          hooks: {xdsTranslator: {post: [Route]}}
          service: {fqdn: {hostname: b, port: 1}}
        """), "ns", NO_SECRETS, Duration.ofSeconds(1)))
        .hasMessage("extensionManagers[1].name: duplicate name \"a\"");
    assertThatThrownBy(() -> ExtensionManagers.build(config("""
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        extensionManager:
          hooks: {xdsTranslator: {post: [Routes]}}
          service: {fqdn: {hostname: a, port: 1}}
        """), "ns", NO_SECRETS, Duration.ofSeconds(1)))
        .hasMessageStartingWith("extensionManager.hooks.xdsTranslator.post[0]: hook: Routes (expected: one of [Route,");
    assertThatThrownBy(() -> ExtensionManagers.build(config("""
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        extensionManager:
          hooks: {xdsTranslator: {}}
          service: {fqdn: {hostname: a, port: 1}}
        """), "ns", NO_SECRETS, Duration.ofSeconds(1)))
        .hasMessage("extensionManager.hooks: registered extension has no hooks specified");
    assertThatThrownBy(() -> ExtensionManagers.build(config("""
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        extensionManager:
          hooks: {xdsTranslator: {post: [Route]}}
          service:
            fqdn: {hostname: a, port: 1}
            tls: {certificateRef: {name: ext-ca}}
        """), "envoy-gateway-system", NO_SECRETS, Duration.ofSeconds(1)))
        .hasMessage("extensionManager.service.tls.certificateRef: Secret envoy-gateway-system/ext-ca not found");
  }

  @Test
  void quantitiesAndDurationsAsEnvoyGatewayWritesThem() {
    assertThat(ExtensionManagers.quantity("m", Quantity.parse("4M"))).isEqualTo(4_000_000);
    assertThat(ExtensionManagers.quantity("m", Quantity.parse("8Mi"))).isEqualTo(8 << 20);
    assertThat(ExtensionManagers.quantity("m", Quantity.parse("1000"))).isEqualTo(1000);
    assertThatThrownBy(() -> ExtensionManagers.quantity("maxMessageSize", Quantity.parse("4Ti"))).hasMessage("maxMessageSize: 4Ti (expected: a whole number of bytes from 1 to 2147483647, such as 4M or 8Mi)");
    assertThatThrownBy(() -> ExtensionManagers.quantity("maxMessageSize", Quantity.parse("0"))).hasMessageStartingWith("maxMessageSize: 0 (expected");
    assertThat(ExtensionManagers.duration("d", "100ms")).isEqualTo(Duration.ofMillis(100));
    assertThat(ExtensionManagers.duration("d", "1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThatThrownBy(() -> ExtensionManagers.duration("retry.maxBackoff", "1x")).hasMessageStartingWith("retry.maxBackoff: 1x");
  }

  @Test
  void mutualTlsFromSecretsReachesARealHookServer() throws Exception {
    TestCertificates certs = TestCertificates.shared();
    try (HookServer server = HookServer.builder(new HeaderStampHooks()).host("127.0.0.1").port(0)
        .tls(certs.serverCert(), certs.serverKey()).requireClientCertificate(certs.caCert()).build().start()) {
      Map<String, Map<String, byte[]>> secrets = Map.of(
          "envoy-gateway-system/ext-ca", Map.of("tls.crt", Files.readAllBytes(certs.caCert())),
          "envoy-gateway-system/eg-client", Map.of("tls.crt", Files.readAllBytes(certs.clientCert()),
              "tls.key", Files.readAllBytes(certs.clientKey())));
      var chain = ExtensionManagers.build(config("""
          apiVersion: gateway.envoyproxy.io/v1alpha1
          kind: EnvoyGateway
          extensionManager:
            hooks: {xdsTranslator: {post: [Route]}}
            service:
              fqdn: {hostname: localhost, port: %d}
              tls:
                certificateRef: {name: ext-ca}
                clientCertificateRef: {name: eg-client}
          """.formatted(server.port())), "envoy-gateway-system",
          (ns, name) -> Optional.ofNullable(secrets.get(ns + "/" + name)), Duration.ofSeconds(20));
      try {
        Route out = chain.getFirst().client().postRouteModify(Route.getDefaultInstance(), new HookContext.Route(
            List.of(HookTestKit.resource("""
                apiVersion: example.attache.dev/v1alpha1
                kind: HeaderStamp
                metadata: {name: s, namespace: default}
                spec: {headers: [{name: x-mtls, value: ok}]}
                """)), List.of(), List.of()));
        assertThat(out.getRequestHeadersToAdd(0).getHeader().getKey()).isEqualTo("x-mtls");
      } finally {
        chain.forEach(e -> e.client().close());
      }
    }
  }
}
