package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Corpora whose translator this build does not have yet: every case is listed and fails with
 * the reason, so that the totals stay honest and the work left stays visible.
 */
final class UnavailableCases {
  static final String NO_GATEWAY_API_TRANSLATOR =
      "no Gateway API translator in this build yet";

  private UnavailableCases() {}

  /** {@code NAME.in.yaml} under {@code gatewayapi/} and {@code gatewayapi/extensions/}. */
  static List<CaseResult> gatewayApi(CorpusLayout layout) {
    List<CaseResult> results = new ArrayList<>();
    for (String sub : List.of("", "extensions/")) {
      Path dir = layout.gatewayApi().resolve(sub);
      for (Path input : list(dir, ".in.yaml")) {
        String base = Documents.caseName(input, ".in.yaml");
        String family = usesSecurityPolicyAuth(Documents.read(input))
            ? Families.AUTHZ_SERVICE : Families.of(base);
        results.add(CaseResult.fail(Corpus.GATEWAYAPI, sub + base, family,
            NO_GATEWAY_API_TRANSLATOR));
      }
    }
    return results;
  }

  /** {@code in/NAME.yaml}: one case per input, whatever outputs it has. */
  static List<CaseResult> egctl(CorpusLayout layout) {
    return list(layout.egctl().resolve("in"), ".yaml").stream()
        .map(input -> Documents.caseName(input, ".yaml"))
        .map(name -> CaseResult.fail(Corpus.EGCTL, name, Families.of(name),
            NO_GATEWAY_API_TRANSLATOR))
        .toList();
  }

  private static List<Path> list(Path dir, String suffix) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
  }

  /** A SecurityPolicy with JWT, API key, basic auth or authorization: see {@link Families}. */
  static boolean usesSecurityPolicyAuth(JsonNode input) {
    JsonNode policies = input.path("securityPolicies");
    for (var names = input.fieldNames(); names.hasNext();) {
      String name = names.next();
      // Upstream decodes its inputs with Go's case-insensitive field matching.
      if (name.equalsIgnoreCase("securityPolicies")) {
        policies = input.get(name);
      }
    }
    for (JsonNode policy : policies) {
      JsonNode spec = policy.path("spec");
      if (spec.has("jwt") || spec.has("apiKeyAuth") || spec.has("basicAuth")
          || spec.has("authorization")) {
        return true;
      }
    }
    return false;
  }
}
