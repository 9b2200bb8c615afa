package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.IrFormatException;
import dev.attache.control.ir.IrYaml;
import dev.attache.control.xds.translate.RateLimitServiceConfig;
import dev.attache.control.xds.translate.ResourceJson;
import dev.attache.control.xds.translate.RouteRateLimits;
import io.envoyproxy.envoy.config.route.v3.RateLimit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ratelimit-config} corpus: from an IR, the envoyproxy/ratelimit service configuration
 * ({@code NAME.yaml}) and each route's rate-limit actions by domain ({@code NAME.routes.yaml}).
 */
final class RateLimitConfigCases {
  private RateLimitConfigCases() {}

  static List<CaseResult> run(CorpusLayout layout) {
    Optional<Path> in = layout.xdsIn(Corpus.RATELIMIT_CONFIG);
    if (in.isEmpty()) {
      return List.of();
    }
    Path out = layout.xdsOut(Corpus.RATELIMIT_CONFIG);
    List<CaseResult> results = new ArrayList<>();
    for (Path input : XdsIrCases.inputs(in.get())) {
      results.add(runCase(input, out));
    }
    return results;
  }

  static CaseResult runCase(Path input, Path outDir) {
    String name = Documents.caseName(input, ".yaml");
    String family = Families.of(name);
    // As upstream's TestTranslateRateLimitConfig: only the HTTP listeners are read, leniently,
    // and a document that is a single listener counts as one.
    List<HttpListener> listeners;
    List<String> ignored = new ArrayList<>();
    try {
      String text = Documents.text(input);
      listeners = IrYaml.readXdsLenient(text, ignored).http();
      if (listeners.isEmpty()) {
        ignored.clear();
        HttpListener single = IrYaml.readLenient(text, HttpListener.class, ignored);
        listeners = single == null ? List.of() : List.of(single);
      }
    } catch (IrFormatException e) {
      return CaseResult.fail(Corpus.RATELIMIT_CONFIG, name, family,
          "input not understood: " + e.getMessage());
    }
    JsonNode configs = RateLimitServiceConfig.toTree(RateLimitServiceConfig.build(listeners));
    Optional<String> d = TreeDiff.firstDifference(expected(outDir.resolve(name + ".yaml")), configs)
        .map(s -> "config " + s);
    if (d.isEmpty()) {
      JsonNode expectedRoutes =
          GoStructDump.toProtoJson(expected(outDir.resolve(name + ".routes.yaml")));
      try {
        d = TreeDiff.firstDifference(expectedRoutes,
                GoStructDump.withoutZeroValues(routeRateLimits(listeners)))
            .map(s -> "routes " + s);
      } catch (RuntimeException e) {
        d = Optional.of("route rate limits: " + e.getMessage());
      }
    }
    String note = ignored.isEmpty() ? "" : " (input fields ignored: " + String.join(", ", ignored) + ")";
    return d.map(s -> s + note).map(s -> CaseResult.fail(Corpus.RATELIMIT_CONFIG, name, family, s))
        .orElseGet(() -> CaseResult.pass(Corpus.RATELIMIT_CONFIG, name, family));
  }

  private static JsonNode expected(Path file) {
    return Files.exists(file) ? Documents.readAll(file) : JsonNodeFactory.instance.arrayNode();
  }

  /** One document per route: its name and its rate limits grouped by domain. */
  private static JsonNode routeRateLimits(List<HttpListener> listeners) {
    ArrayNode docs = JsonNodeFactory.instance.arrayNode();
    for (HttpListener listener : listeners) {
      for (HttpRoute route : listener.routes()) {
        ObjectNode doc = docs.addObject();
        doc.put("routeName", route.name());
        ObjectNode byDomain = doc.putObject("rateLimitsByDomain");
        for (Map.Entry<String, List<RateLimit>> e
            : RouteRateLimits.byDomain(listener.name(), route).entrySet()) {
          byDomain.set(e.getKey(), ResourceJson.toTree(e.getValue()));
        }
      }
    }
    return docs;
  }
}
