package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.cli.EgctlTranslation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code egctl} corpus: each {@code in/NAME.yaml} runs through {@code attache translate}
 * with the flags upstream's {@code TestTranslate} gives it, once per expected output file
 * ({@code NAME.<type>.yaml|json}); a case passes when every run prints what its golden file
 * holds, or fails where upstream expects an error. The runs are harness facts.
 */
final class EgctlCases {
  /** One egctl run: output types, format, resource type, whether to make up missing resources. */
  record Run(String to, String output, String type, boolean addMissing, boolean expectError) {
    String file(String name) {
      return name + "." + type + "." + output;
    }
  }

  private static final Map<String, List<Run>> RUNS = Map.ofEntries(
      Map.entry("from-gateway-api-to-xds", List.of(
          new Run("xds", "json", "all", false, false),
          new Run("xds", "yaml", "all", false, false),
          new Run("xds", "yaml", "bootstrap", false, false),
          new Run("xds", "yaml", "cluster", false, false),
          new Run("xds", "yaml", "listener", false, false),
          new Run("xds", "yaml", "route", false, false),
          new Run("xds", "yaml", "endpoint", false, false))),
      Map.entry("envoy-patch-policy", List.of(new Run("xds", "yaml", "all", false, true))),
      Map.entry("default-resources", List.of(new Run("gateway-api,xds", "yaml", "all", true, false))),
      Map.entry("quickstart", List.of(
          new Run("ir", "yaml", "all", false, false),
          new Run("xds", "yaml", "route", false, false))),
      Map.entry("echo-gateway-api", List.of(
          new Run("gateway-api", "json", "route", false, false),
          new Run("xds,gateway-api", "yaml", "cluster", false, false))),
      Map.entry("valid-envoyproxy", List.of(new Run("gateway-api", "yaml", "all", false, false))),
      Map.entry("invalid-envoyproxy", List.of(new Run("gateway-api", "yaml", "all", false, false))),
      Map.entry("no-gateway-class-resources", List.of(
          new Run("xds", "yaml", "all", false, true),
          new Run("gateway-api", "yaml", "all", false, true))),
      Map.entry("no-service-cluster-ip", List.of(new Run("xds", "yaml", "all", true, false))),
      Map.entry("backend-endpoint", List.of(new Run("gateway-api", "yaml", "all", false, false))),
      Map.entry("default-namespace", List.of(new Run("gateway-api", "yaml", "all", false, false))));

  private static final com.fasterxml.jackson.databind.ObjectMapper OUTPUT =
      new com.fasterxml.jackson.dataformat.yaml.YAMLMapper();

  private EgctlCases() {}

  static List<CaseResult> run(CorpusLayout layout) {
    Path in = layout.egctl().resolve("in");
    if (!Files.isDirectory(in)) {
      return List.of();
    }
    List<CaseResult> results = new ArrayList<>();
    try (Stream<Path> files = Files.list(in)) {
      for (Path input : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        results.add(runCase(input, layout.egctl().resolve("out")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(in + ": " + e.getMessage(), e);
    }
    return results;
  }

  static CaseResult runCase(Path input, Path outDir) {
    String name = Documents.caseName(input, ".yaml");
    String family = Families.of(name);
    List<Run> runs = RUNS.get(name);
    if (runs == null) {
      return CaseResult.fail(Corpus.EGCTL, name, family, "no harness entry for this input");
    }
    String text = Documents.text(input);
    for (Run run : runs) {
      var options = new EgctlTranslation.Options(List.of(run.to().split(",")), run.type(),
          "envoy-gateway-system", "cluster.local", run.addMissing());
      ObjectNode result;
      try {
        EgctlTranslation.validate("gateway-api", options);
        result = EgctlTranslation.translate(text, options);
      } catch (EgctlTranslation.TranslateException e) {
        if (run.expectError()) {
          continue;
        }
        return CaseResult.fail(Corpus.EGCTL, name, family, run.file(name) + ": translate failed: " + e.getMessage());
      } catch (RuntimeException e) {
        return CaseResult.fail(Corpus.EGCTL, name, family, run.file(name) + ": translate crashed: " + e);
      }
      if (run.expectError()) {
        return CaseResult.fail(Corpus.EGCTL, name, family, run.file(name) + ": expected an error, got output");
      }
      Path golden = outDir.resolve(run.file(name));
      if (!Files.exists(golden)) {
        return CaseResult.fail(Corpus.EGCTL, name, family, "no golden file " + golden.getFileName());
      }
      JsonNode expected = Documents.read(golden);
      JsonNode actual;
      try {
        actual = OUTPUT.readTree(EgctlTranslation.print(result, run.output()));
      } catch (IOException e) {
        return CaseResult.fail(Corpus.EGCTL, name, family, run.file(name) + ": output does not read back: " + e);
      }
      Optional<String> d = TreeDiff.firstDifference(expected, actual);
      if (d.isPresent()) {
        return CaseResult.fail(Corpus.EGCTL, name, family, run.file(name) + ": " + d.get());
      }
    }
    return CaseResult.pass(Corpus.EGCTL, name, family);
  }
}
