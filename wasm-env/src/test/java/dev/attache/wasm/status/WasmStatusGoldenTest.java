package dev.attache.wasm.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.attache.wasm.oci.PullSecrets;
import dev.attache.wasm.testing.Corpus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Accepted=False conditions for Wasm problems read exactly as in Envoy Gateway's golden
 * {@code envoyextensionpolicy-with-wasm-invalid-configuration}.
 */
class WasmStatusGoldenTest {

  @Test
  void missingPullSecretsGiveEnvoyGatewaysConditions() {
    String name = "gatewayapi/envoyextensionpolicy-with-wasm-invalid-configuration";
    JsonNode in = Corpus.yaml(name + ".in.yaml");
    JsonNode out = Corpus.yaml(name + ".out.yaml");
    Set<String> secrets = new HashSet<>();
    in.path("secrets").forEach(s -> secrets.add(s.at("/metadata/namespace").asText() + "/" + s.at("/metadata/name").asText()));
    Map<String, JsonNode> statusByPolicy = new LinkedHashMap<>();
    out.path("envoyExtensionPolicies").forEach(p -> statusByPolicy.put(p.at("/metadata/name").asText(), p));

    int compared = 0;
    for (JsonNode policy : in.path("envoyExtensionPolicies")) {
      if (policy.at("/spec/lua").size() > 0) {
        continue; // its message also carries Lua's errors, which are not this module's
      }
      String ns = policy.at("/metadata/namespace").asText();
      List<String> errors = new ArrayList<>();
      for (JsonNode wasm : policy.at("/spec/wasm")) {
        JsonNode ref = wasm.at("/code/image/pullSecretRef");
        if (ref.isMissingNode()) {
          continue;
        }
        String secretNs = ref.path("namespace").asText(ns);
        String secretName = ref.path("name").asText();
        if (!secrets.contains(secretNs + "/" + secretName)) {
          try {
            PullSecrets.fromSecret(secretNs, secretName, null);
          } catch (PullSecrets.PullSecretException e) {
            errors.add(e.getMessage());
          }
        }
      }
      PolicyCondition condition = WasmStatus.invalid(errors);
      JsonNode expected = statusByPolicy.get(policy.at("/metadata/name").asText()).at("/status/ancestors/0/conditions/0");

      assertThat(condition.type()).isEqualTo(expected.path("type").asText());
      assertThat(condition.status()).isEqualTo(expected.path("status").asText());
      assertThat(condition.reason()).isEqualTo(expected.path("reason").asText());
      assertThat(condition.message()).isEqualTo(expected.path("message").asText());
      compared++;
    }
    assertThat(compared).isEqualTo(5);
  }

  @Test
  void messagesAreCapitalizedEndWithAPeriodAndAreTruncatedAsEnvoyGatewayDoes() {
    assertThat(WasmStatus.conditionMessage("lower case")).isEqualTo("Lower case.");
    assertThat(WasmStatus.conditionMessage("Already.")).isEqualTo("Already.");
    String longMessage = "x".repeat(40000);
    String truncated = WasmStatus.conditionMessage(longMessage);
    assertThat(truncated).hasSize(32768).endsWith(" (message truncated).");
  }
}
