package dev.attache.control.gatewayapi.lua;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.control.gatewayapi.GatewayApiTranslator;
import dev.attache.control.gatewayapi.TranslationResult;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.resource.ResourceReader;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.meta.Condition;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Lua script's outcome is remembered by the validator in the translator settings, never by the
 * process: a translation under other settings (another control plane, another run) judges the
 * script afresh. The regression: the outcomes used to live in static caches, so a script once
 * rejected stayed rejected for every later translation in the JVM.
 */
class LuaOutcomesStayWithTheirSettingsTest {
  private static ResourceSet resources(Path allowed) {
    String yaml = """
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyProxy
        metadata: {namespace: infra, name: proxy}
        spec:
          lua: {strictValidation: {allowedPaths: [%1$s]}}
        ---
        apiVersion: v1
        kind: Namespace
        metadata: {name: infra}
        ---
        apiVersion: v1
        kind: Service
        metadata: {namespace: infra, name: web}
        spec:
          clusterIP: 10.0.0.7
          ports: [{name: http, port: 8080, protocol: TCP}]
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: Gateway
        metadata: {namespace: infra, name: edge}
        spec:
          gatewayClassName: eg
          infrastructure:
            parametersRef: {group: gateway.envoyproxy.io, kind: EnvoyProxy, name: proxy}
          listeners:
          - {name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {namespace: infra, name: shop}
        spec:
          parentRefs: [{name: edge}]
          rules:
          - backendRefs: [{name: web, port: 8080}]
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: EnvoyExtensionPolicy
        metadata: {namespace: infra, name: lua}
        spec:
          targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop}]
          lua:
          - type: Inline
            inline: |
              function envoy_on_request(h)
                assert(io.open('%1$s/feature-flag') ~= nil, 'feature flag missing')
              end
        """.formatted(allowed);
    var read = ResourceReader.create().readDocuments(Path.of("test.yaml"), yaml);
    assertThat(read.problems()).isEmpty();
    return read.resources();
  }

  private static Condition accepted(TranslationResult result) {
    var policy = result.resources().envoyExtensionPolicies().getFirst();
    List<Condition> conditions = policy.status().ancestors().getFirst().conditions();
    return conditions.stream().filter(c -> c.type().equals("Accepted")).findFirst().orElseThrow();
  }

  @Test
  void aScriptRejectedUnderOneSettingsIsJudgedAfreshUnderAnother(@TempDir Path dir) throws Exception {
    ResourceSet resources = resources(dir);
    TranslatorSettings first = TranslatorSettings.builder("eg").build();

    Condition before = accepted(GatewayApiTranslator.translate(resources, first));
    assertThat(before.status()).isEqualTo("False");
    assertThat(before.message()).contains("feature flag missing");

    Files.writeString(dir.resolve("feature-flag"), "on");

    // The same settings keep their validator's outcome, as one control plane does between
    // translations; settings made afresh (another run) see the file.
    assertThat(accepted(GatewayApiTranslator.translate(resources, first)).status()).isEqualTo("False");
    assertThat(accepted(GatewayApiTranslator.translate(resources, TranslatorSettings.builder("eg").build()))
        .status()).isEqualTo("True");
  }

  @Test
  void settingsShareAValidatorOnlyWhenGivenTheSameOne(@TempDir Path dir) throws Exception {
    ResourceSet resources = resources(dir);
    LuaValidator shared = LuaValidator.create();
    TranslatorSettings one = TranslatorSettings.builder("eg").luaValidator(shared).build();
    TranslatorSettings other = TranslatorSettings.builder("eg").luaValidator(shared).build();

    assertThat(accepted(GatewayApiTranslator.translate(resources, one)).status()).isEqualTo("False");
    Files.writeString(dir.resolve("feature-flag"), "on");

    assertThat(accepted(GatewayApiTranslator.translate(resources, other)).status()).isEqualTo("False");
    assertThat(TranslatorSettings.builder("eg").build().luaValidator()).isNotSameAs(shared);
  }
}
