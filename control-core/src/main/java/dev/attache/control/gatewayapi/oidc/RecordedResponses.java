package dev.attache.control.gatewayapi.oidc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.attache.control.ir.TlsUpstreamConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A network recording: what issuers answered to {@code GET <issuer>/.well-known/openid-configuration},
 * keyed by issuer URL, so that translations that need discovery can run where there is no network
 * (the conformance corpus is one: Envoy Gateway's goldens were made against the live issuers). An
 * issuer that is not in the recording fails as an unreachable host does.
 */
public final class RecordedResponses implements WellKnownFetcher {
  /** The recording shipped with Attaché: the public issuers the conformance corpus uses. */
  public static final String BUILT_IN = "recorded-issuers.yaml";

  private final Map<String, Response> byUrl;

  private RecordedResponses(Map<String, Response> byUrl) {
    this.byUrl = Map.copyOf(byUrl);
  }

  /** The recording shipped with Attaché ({@value #BUILT_IN}). */
  public static RecordedResponses builtIn() {
    try (InputStream in = RecordedResponses.class.getResourceAsStream(BUILT_IN)) {
      if (in == null) {
        throw new IllegalStateException(BUILT_IN + " is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A recording in YAML: a list of {@code issuer}, {@code status} and, for answers with one,
   * {@code body}.
   */
  public static RecordedResponses parse(String yaml) {
    requireNonNull(yaml, "yaml");
    JsonNode root;
    try {
      root = new YAMLMapper().readTree(yaml);
    } catch (IOException e) {
      throw new IllegalArgumentException("recorded issuers: " + e.getMessage(), e);
    }
    Map<String, Response> byUrl = new LinkedHashMap<>();
    for (int i = 0; root != null && i < root.size(); i++) {
      JsonNode entry = root.get(i);
      String issuer = entry.path("issuer").asText("");
      int status = entry.path("status").asInt(0);
      if (issuer.isEmpty() || status < 100 || status > 599) {
        throw new IllegalArgumentException("recorded issuers[" + i + "]: issuer and status (100-599) are required");
      }
      byte[] body = entry.path("body").asText("").getBytes(StandardCharsets.UTF_8);
      byUrl.put(issuer + DiscoveryRules.WELL_KNOWN, new Response(status, body));
    }
    return new RecordedResponses(byUrl);
  }

  @Override
  public Response get(String url, TlsUpstreamConfig tls) throws IOException {
    Response response = byUrl.get(url);
    if (response == null) {
      throw new IOException("Get \"" + url + "\": dial tcp: lookup " + HttpDiscovery.host(url)
          + ": no such host (not in the recorded responses)");
    }
    return response;
  }
}
