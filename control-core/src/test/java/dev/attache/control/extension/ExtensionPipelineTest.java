package dev.attache.control.extension;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.control.extension.ScriptedHooks.Behaviour;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.pipeline.TranslationPipeline;
import dev.attache.control.resource.ReadResult;
import dev.attache.control.load.ResourceLoader;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.extension.sdk.ExtensionResource;
import dev.attache.extension.sdk.HookServer;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@code serve} runs, from resource files to Envoy resources, with an EnvoyGateway config
 * naming a real extension server on 127.0.0.1: the extension's own kinds are read and reach its
 * hooks, each failure mode does what it says, the next good translation restores everything,
 * and large answers pass when {@code maxMessageSize} allows them.
 */
class ExtensionPipelineTest {
  private static final String GATEWAY = "default/eg";

  private static final String RESOURCES = StampedRouteResources.YAML + """
      ---
      apiVersion: example.attache.dev/v1alpha1
      kind: HeaderStamp
      metadata: {name: stamp, namespace: default}
      spec:
        headers: [{name: x-team, value: payments}]
      ---
      apiVersion: example.attache.dev/v1alpha1
      kind: AuditPolicy
      metadata: {name: audit, namespace: default}
      spec:
        targetRef: {group: gateway.networking.k8s.io, kind: Gateway, name: eg}
      """;

  private static ScriptedHooks hooks;
  private static HookServer server;

  @BeforeAll
  static void start() {
    hooks = new ScriptedHooks();
    server = HookServer.builder(hooks).host("127.0.0.1").port(0).shutdownGrace(Duration.ZERO)
        .build().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void reset() {
    hooks.reset();
    hooks.translationPayloadBytes = 0;
  }

  private static String config(String extra) {
    return """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyGateway
        extensionManager:
          resources: [{group: example.attache.dev, version: v1alpha1, kind: HeaderStamp}]
          policyResources: [{group: example.attache.dev, version: v1alpha1, kind: AuditPolicy}]
          hooks:
            xdsTranslator:
              post: [Route, VirtualHost, HTTPListener, Translation]
          service:
            ip: {address: 127.0.0.1, port: %d}
        """.formatted(server.port()) + extra.indent(2);
  }

  private record Setup(ExtensionSetup extensions, TranslationPipeline pipeline, ResourceSet resources,
      SimpleMeterRegistry registry) implements AutoCloseable {
    XdsResources translate() {
      return pipeline.translate(resources).get(GATEWAY);
    }

    @Override
    public void close() {
      extensions.close();
    }
  }

  private static Setup setup(String extra) throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ExtensionConfigFile file = ExtensionConfigFile.parse(Path.of("envoy-gateway.yaml"), config(extra));
    ExtensionSetup extensions = new ExtensionSetup(file, TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE, registry);
    ReadResult read = ResourceLoader.forUsers(extensions.resourceKinds(), extensions.policyKinds())
        .load(Path.of("resources.yaml"), RESOURCES);
    assertThat(read.problems()).isEmpty();
    TranslationPipeline pipeline = new TranslationPipeline(TranslatorSettings.DEFAULT_CONTROLLER_NAME,
        TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE, extensions, null);
    return new Setup(extensions, pipeline, read.resources(), registry);
  }

  private static Route onlyRoute(XdsResources r) {
    return r.routes().getFirst().getVirtualHosts(0).getRoutes(0);
  }

  private static boolean hasInjectedCluster(XdsResources r) {
    return r.clusters().stream().anyMatch(c -> c.getName().equals(ScriptedHooks.INJECTED_CLUSTER));
  }

  @Test
  void theExtensionsKindsFromResourceFilesReachItsHooks() throws Exception {
    try (Setup s = setup("")) {
      XdsResources r = s.translate();

      assertThat(onlyRoute(r).getResponseHeadersToAddList()).contains(ScriptedHooks.mark("route"));
      assertThat(hooks.routeContexts).singleElement().satisfies(c -> {
        assertThat(c.hostnames()).containsExactly("www.example.com");
        assertThat(c.extensionResources()).singleElement().satisfies(x -> {
          assertThat(x.kind()).isEqualTo("HeaderStamp");
          assertThat(x.namespace()).isEqualTo("default");
          assertThat(x.spec().at("/headers/0/name").asText()).isEqualTo("x-team");
        });
      });
      assertThat(hooks.translateContexts).singleElement().satisfies(c ->
          assertThat(c.extensionResources()).extracting(ExtensionResource::kind).containsExactly("AuditPolicy"));
      assertThat(hasInjectedCluster(r)).isTrue();
      assertThat(s.extensions().status()).containsEntry("failing", Map.of());
    }
  }

  @Test
  void failClosedAnswers500AndTheNextGoodTranslationRestoresTheRoute() throws Exception {
    try (Setup s = setup("")) {
      XdsResources good = s.translate();

      hooks.set(XdsHook.ROUTE, Behaviour.ERROR);
      XdsResources failed = s.translate();
      assertThat(onlyRoute(failed).getDirectResponse().getStatus()).isEqualTo(500);
      assertThat(s.extensions().status().get("failing").toString())
          .contains(GATEWAY, "extension \"extension\": Route hook failed", "backend registry unreachable", "answering 500");
      assertThat(s.registry().get("attache.extension.hook.failures").tag("hook", "Route").counter().count())
          .isEqualTo(1.0);

      hooks.set(XdsHook.ROUTE, Behaviour.MODIFY);
      XdsResources recovered = s.translate();
      assertThat(recovered).isEqualTo(good);
      assertThat(s.extensions().status()).containsEntry("failing", Map.of());
    }
  }

  @Test
  void keepLastGoodServesTheLastGoodSnapshotUntilTheExtensionRecovers() throws Exception {
    try (Setup s = setup("failureMode: KeepLastGood")) {
      XdsResources good = s.translate();

      hooks.set(XdsHook.HTTP_LISTENER, Behaviour.ERROR);
      assertThat(s.translate()).isSameAs(good);
      assertThat(s.extensions().status().get("failing").toString()).contains("keeping the last good snapshot");

      hooks.set(XdsHook.HTTP_LISTENER, Behaviour.MODIFY);
      XdsResources recovered = s.translate();
      assertThat(recovered).isEqualTo(good).isNotSameAs(good);
    }
  }

  @Test
  void failOpenServesTheUnmodifiedResource() throws Exception {
    try (Setup s = setup("failOpen: true")) {
      hooks.set(XdsHook.ROUTE, Behaviour.ERROR);
      XdsResources r = s.translate();
      assertThat(onlyRoute(r).hasRoute()).isTrue();
      assertThat(onlyRoute(r).getResponseHeadersToAddList()).doesNotContain(ScriptedHooks.mark("route"));
      assertThat(hasInjectedCluster(r)).isTrue();
    }
  }

  @Test
  void aStalledExtensionCostsOnlyItsConfiguredTimeout() throws Exception {
    try (Setup s = setup("timeout: 300ms\nfailOpen: true")) {
      s.translate(); // connects
      hooks.stallMillis = 3_000;
      hooks.set(XdsHook.TRANSLATION, Behaviour.STALL);
      long start = System.nanoTime();
      XdsResources r = s.translate();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(hasInjectedCluster(r)).isFalse();
      assertThat(s.extensions().failures().get(GATEWAY)).singleElement()
          .satisfies(f -> assertThat(f.message()).contains("DEADLINE_EXCEEDED"));
      assertThat(took).isLessThan(Duration.ofMillis(2_500));
    }
  }

  @Test
  void aSixMebibyteAnswerPassesWithMaxMessageSize16M() throws Exception {
    hooks.translationPayloadBytes = 6 << 20;
    try (Setup s = setup("maxMessageSize: 16M")) {
      XdsResources r = s.translate();
      assertThat(s.extensions().failures()).isEmpty();
      assertThat(r.clusters()).filteredOn(c -> c.getName().equals(ScriptedHooks.INJECTED_CLUSTER))
          .singleElement().satisfies(c -> assertThat(c.getAltStatName()).hasSize(6 << 20));
    }
  }

  @Test
  void aSixMebibyteAnswerFailsClearlyWithTheDefaultLimit() throws Exception {
    hooks.translationPayloadBytes = 6 << 20;
    try (Setup s = setup("failOpen: true")) {
      XdsResources r = s.translate();
      assertThat(hasInjectedCluster(r)).isFalse();
      assertThat(s.extensions().failures().get(GATEWAY)).singleElement().satisfies(f -> {
        assertThat(f.hook()).isEqualTo(XdsHook.TRANSLATION);
        assertThat(f.message()).contains("RESOURCE_EXHAUSTED", "4194304");
      });
    }
  }

  @Test
  void aMissingTlsSecretKeepsTheLastGoodConfigurationAndSaysWhy() throws Exception {
    try (Setup s = setup("")) {
      // Same extension, now asking for a CA Secret that the resources do not have.
      ExtensionConfigFile file = ExtensionConfigFile.parse(Path.of("envoy-gateway.yaml"), config("")
          .replace("    ip: {address: 127.0.0.1, port: " + server.port() + "}",
              "    ip: {address: 127.0.0.1, port: " + server.port() + "}\n    tls: {certificateRef: {name: ext-ca}}"));
      try (ExtensionSetup broken = new ExtensionSetup(file, TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE, null)) {
        TranslationPipeline pipeline = new TranslationPipeline(TranslatorSettings.DEFAULT_CONTROLLER_NAME,
            TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE, broken, null);
        assertThat(pipeline.translate(s.resources())).isEmpty();
        assertThat(broken.chainError()).hasValueSatisfying(e -> assertThat(e).isEqualTo(
            "envoy-gateway.yaml: EnvoyGateway: field extensionManager.service.tls.certificateRef:"
                + " Secret envoy-gateway-system/ext-ca not found"));
        assertThat(broken.status()).containsKey("error");
      }
    }
  }
}
