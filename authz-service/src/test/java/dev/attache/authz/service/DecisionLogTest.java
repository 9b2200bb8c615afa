package dev.attache.authz.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Struct;
import dev.attache.authz.decision.Decision;
import dev.attache.authz.decision.Judgement;
import dev.attache.authz.decision.Reason;
import dev.attache.authz.request.HttpRequest;
import dev.attache.authz.testing.Envoy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionLogTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void oneJsonLinePerDecisionWithoutCredentials() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DecisionLog log = new DecisionLog(new PrintStream(bytes, true, StandardCharsets.UTF_8))) {
      HttpRequest req = HttpRequest.of(Envoy.request("shop/api").method("POST").path("/cart?api_key=s3cr3t-key")
          .header("x-api-key", "s3cr3t-key").source("198.51.100.4").build());
      log.record("shop/api", req, new Judgement(new Decision.Allow(List.of(), List.of(), List.of(),
          Struct.getDefaultInstance()), "apikey:mobile", ""), 12_345);
      log.record("shop/api", req, Judgement.of(Decision.Deny.of(Reason.APIKEY_INVALID, "Client authentication failed.")),
          2_000);
      await().atMost(Duration.ofSeconds(5)).until(() -> bytes.toString(StandardCharsets.UTF_8).lines().count() == 2);
    }
    List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
    JsonNode allow = JSON.readTree(lines.get(0));
    assertThat(allow.get("decision").asText()).isEqualTo("allow");
    assertThat(allow.get("principal").asText()).isEqualTo("apikey:mobile");
    assertThat(allow.get("path").asText()).isEqualTo("/cart");
    assertThat(allow.get("source").asText()).isEqualTo("198.51.100.4");
    assertThat(allow.get("duration_us").asLong()).isEqualTo(12);
    JsonNode deny = JSON.readTree(lines.get(1));
    assertThat(deny.get("status").asInt()).isEqualTo(401);
    assertThat(deny.get("reason").asText()).isEqualTo("apikey_invalid");
    assertThat(String.join("\n", lines)).doesNotContain("s3cr3t");
  }
}
