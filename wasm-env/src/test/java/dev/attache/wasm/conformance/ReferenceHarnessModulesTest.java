package dev.attache.wasm.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.attache.wasm.CodeResolution;
import dev.attache.wasm.CodeResolution.Served;
import dev.attache.wasm.cache.ModuleRequest;
import dev.attache.wasm.cache.ModuleSource;
import dev.attache.wasm.cache.PullPolicy;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.filter.WasmFilterConfig;
import dev.attache.wasm.testing.Corpus;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Resolving the Wasm code of Envoy Gateway's golden inputs through the reference harness's cache
 * gives the {@code httpWasmCode} (and host keys) of its golden xDS IR.
 */
class ReferenceHarnessModulesTest {
  private final ReferenceHarnessModules modules = new ReferenceHarnessModules();

  @Test
  void goldenWasmCodeIsReproduced() {
    int compared = 0;
    for (String name : List.of("envoyextensionpolicy-with-wasm-env-vars", "envoyextensionpolicy-with-wasm-targetrefs")) {
      JsonNode in = Corpus.yaml("gatewayapi/" + name + ".in.yaml");
      Map<String, JsonNode> irWasms = new HashMap<>();
      Corpus.yaml("gatewayapi/" + name + ".out.yaml").path("xdsIR")
          .forEach(gw -> gw.path("http").forEach(l -> l.path("routes").forEach(r ->
              r.at("/envoyExtensions/wasms").forEach(w -> irWasms.put(w.path("name").asText(), w)))));

      // Go reads the input's keys without regard to case; the goldens use both spellings.
      JsonNode policies = in.has("envoyExtensionPolicies") ? in.path("envoyExtensionPolicies") : in.path("envoyextensionpolicies");
      for (JsonNode policy : policies) {
        int i = 0;
        for (JsonNode wasm : policy.at("/spec/wasm")) {
          String irName = WasmFilterConfig.irName(policy.at("/metadata/namespace").asText(),
              policy.at("/metadata/name").asText(), i++);
          JsonNode expected = irWasms.get(irName);
          if (expected == null) {
            continue; // the policy targets nothing that was translated
          }
          JsonNode code = wasm.path("code");
          ModuleSource source = code.path("type").asText().equals("HTTP")
              ? new ModuleSource.Http(URI.create(code.at("/http/url").asText()))
              : ModuleSource.Image.of(code.at("/image/url").asText(), null);
          JsonNode sha = code.path("type").asText().equals("HTTP") ? code.at("/http/sha256") : code.at("/image/sha256");

          CodeResolution r = modules.resolve("gw", ModuleRequest.of(source,
              sha.isTextual() ? Sha256.parse(sha.asText()) : null, PullPolicy.UNSPECIFIED, irName, "1"));

          assertThat(r).as(irName).isInstanceOf(Served.class);
          Served served = (Served) r;
          assertThat(served.code().servingUrl().toString()).isEqualTo(expected.at("/httpWasmCode/servingURL").asText());
          assertThat(served.code().originalUrl()).isEqualTo(expected.at("/httpWasmCode/originalDownloadingURL").asText());
          assertThat(served.code().sha256().hex()).isEqualTo(expected.at("/httpWasmCode/sha256").asText());
          assertThat(wasm.at("/env/hostKeys")).isEqualTo(expected.path("hostKeys"));
          compared++;
        }
      }
    }
    assertThat(compared).isGreaterThanOrEqualTo(4);
  }
}
