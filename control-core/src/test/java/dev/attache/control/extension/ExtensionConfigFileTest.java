package dev.attache.control.extension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.control.extension.ConfiguredExtension.FailureMode;
import dev.attache.extension.example.HeaderStampHooks;
import dev.attache.extension.sdk.HookServer;
import dev.attache.server.config.ConfigException;
import dev.attache.server.testing.TestCertificates;
import io.envoyproxy.envoy.config.route.v3.VirtualHost;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EnvoyGateway config file with Attaché's additions to each extension manager. */
class ExtensionConfigFileTest {
  private static final ExtensionManagers.SecretLookup NO_SECRETS = (ns, name) -> Optional.empty();

  @TempDir
  Path dir;

  private static ExtensionConfigFile parse(String managerYaml) throws ConfigException {
    return ExtensionConfigFile.parse(Path.of("eg.yaml"), """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        """ + managerYaml);
  }

  @Test
  void failureModeAndTimeoutAreReadAndLeaveTheRestStrict() throws Exception {
    ExtensionConfigFile file = parse("""
        extensionManagers:
        - name: careful
          hooks: {xdsTranslator: {post: [Route]}}
          service: {fqdn: {hostname: a.example, port: 5005}}
          failureMode: KeepLastGood
          timeout: 250ms
        - name: plain
          hooks: {xdsTranslator: {post: [Route]}}
          service: {fqdn: {hostname: b.example, port: 5005}}
          failOpen: true
        """);
    assertThat(file.additionsOf("extensionManagers[0]").failureMode()).isEqualTo(FailureMode.KEEP_LAST_GOOD);
    assertThat(file.additionsOf("extensionManagers[0]").timeout()).isEqualTo(Duration.ofMillis(250));
    var chain = ExtensionManagers.build(file, "envoy-gateway-system", NO_SECRETS);
    assertThat(chain).extracting(ConfiguredExtension::failureMode)
        .containsExactly(FailureMode.KEEP_LAST_GOOD, FailureMode.FAIL_OPEN);
    chain.forEach(e -> e.client().close());

    assertThatThrownBy(() -> parse("""
        extensionManager:
          hooks: {xdsTranslator: {post: [Route]}}
          service: {fqdn: {hostname: a.example, port: 5005}}
          failureMod: KeepLastGood
        """)).isInstanceOf(ConfigException.class).hasMessageContaining("extensionManager.failureMod")
        .hasMessageContaining("unknown field");
  }

  @Test
  void wrongAdditionsNameTheFileAndField() {
    assertThatThrownBy(() -> parse("""
        extensionManager:
          hooks: {xdsTranslator: {post: [Route]}}
          service: {fqdn: {hostname: a.example, port: 5005}}
          failureMode: Sometimes
        """)).hasMessage("eg.yaml: EnvoyGateway: field extensionManager.failureMode: \"Sometimes\""
            + " (expected: FailClosed, FailOpen or KeepLastGood)");
    assertThatThrownBy(() -> parse("""
        extensionManager:
          hooks: {xdsTranslator: {post: [Route]}}
          service: {fqdn: {hostname: a.example, port: 5005}}
          failOpen: true
          failureMode: KeepLastGood
        """)).hasMessageContaining("field extensionManager.failureMode: KeepLastGood contradicts failOpen: true");
    assertThatThrownBy(() -> parse("""
        extensionManagers:
        - name: a
          hooks: {xdsTranslator: {post: [Route]}}
          service: {fqdn: {hostname: a.example, port: 5005}}
          timeout: soon
        """)).hasMessage("eg.yaml: EnvoyGateway: field extensionManagers[0].timeout: soon"
            + " (expected: a duration such as 100ms, 1s or 1m30s)");
    assertThatThrownBy(() -> parse("""
        extensionManager:
          hooks: {xdsTranslator: {post: [Route]}}
          service:
            fqdn: {hostname: a.example, port: 5005}
            tls: {caFile: ca.pem, certificateFile: client.pem}
        """)).hasMessageContaining("field extensionManager.service.tls.keyFile: missing");
  }

  @Test
  void withoutAdditionsTheFileMeansWhatItMeansToEnvoyGateway() throws Exception {
    ExtensionConfigFile file = parse("""
        extensionManager:
          hooks: {xdsTranslator: {post: [Route]}}
          service: {fqdn: {hostname: a.example, port: 5005}}
        """);
    var chain = ExtensionManagers.build(file, "envoy-gateway-system", NO_SECRETS);
    assertThat(chain).singleElement().satisfies(e -> assertThat(e.failureMode()).isEqualTo(FailureMode.FAIL_CLOSED));
    chain.forEach(e -> e.client().close());
  }

  @Test
  void mutualTlsFromFilesRelativeToTheConfigReachesARealHookServer() throws Exception {
    TestCertificates certs = TestCertificates.shared();
    Path certsDir = Files.createDirectories(dir.resolve("certs"));
    Files.copy(certs.caCert(), certsDir.resolve("ca.pem"));
    Files.copy(certs.clientCert(), certsDir.resolve("client.pem"));
    Files.copy(certs.clientKey(), certsDir.resolve("client-key.pem"));
    try (HookServer server = HookServer.builder(new HeaderStampHooks()).host("127.0.0.1").port(0)
        .tls(certs.serverCert(), certs.serverKey()).requireClientCertificate(certs.caCert())
        .shutdownGrace(Duration.ZERO).build().start()) {
      Path config = dir.resolve("envoy-gateway.yaml");
      Files.writeString(config, """
          apiVersion: gateway.envoyproxy.io/v1alpha1
          kind: EnvoyGateway
          extensionManager:
            hooks: {xdsTranslator: {post: [VirtualHost]}}
            service:
              fqdn: {hostname: localhost, port: %d}
              tls: {caFile: certs/ca.pem, certificateFile: certs/client.pem, keyFile: certs/client-key.pem}
          """.formatted(server.port()));
      var chain = ExtensionManagers.build(ExtensionConfigFile.read(config), "envoy-gateway-system", NO_SECRETS);
      try (HookChain hooks = new HookChain(chain, null)) {
        VirtualHost vh = VirtualHost.newBuilder().setName("vh").build();
        assertThat(hooks.extensions().getFirst().client().postVirtualHostModify(vh)).isEqualTo(vh);
      }
    }
  }

  @Test
  void anUnreadableTlsFileIsNamedWithoutItsContent() throws Exception {
    ExtensionConfigFile file = ExtensionConfigFile.parse(dir.resolve("eg.yaml"), """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        extensionManager:
          hooks: {xdsTranslator: {post: [Route]}}
          service:
            fqdn: {hostname: a.example, port: 5005}
            tls: {caFile: missing.pem}
        """);
    assertThatThrownBy(() -> ExtensionManagers.build(file, "envoy-gateway-system", NO_SECRETS))
        .hasMessage("extensionManager.service.tls.caFile: cannot read " + dir.resolve("missing.pem")
            + " (NoSuchFileException)");
  }
}
