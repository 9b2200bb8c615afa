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
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code egctl} corpus: each {@code in/NAME.yaml} runs through {@code attache translate}
 * once per run upstream's {@code TestTranslate} table lists for it ({@link EgctlRun#UPSTREAM});
 * a case passes when every run prints what its golden file {@code out/NAME.TYPE.FORMAT} holds,
 * or fails where upstream expects an error.
 */
final class EgctlCases {
  /** What one run printed, read back as a tree, or why it printed nothing. */
  sealed interface Outcome {
    record Printed(JsonNode tree) implements Outcome {}

    /** The error {@code translate} reports to its user. */
    record Refused(String message) implements Outcome {}

    /** A crash or output that does not read back: wrong for every run. */
    record Broken(String why) implements Outcome {}
  }

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
    String family = usesSecurityPolicyAuth(Documents.readAll(input))
        ? Families.AUTHZ_SERVICE : Families.of(name);
    List<EgctlRun> runs = EgctlRun.UPSTREAM.stream().filter(r -> r.name().equals(name)).toList();
    if (runs.isEmpty()) {
      return CaseResult.fail(Corpus.EGCTL, name, family,
          "no run of upstream's TestTranslate table for this input");
    }
    String text = Documents.text(input);
    for (EgctlRun run : runs) {
      Optional<String> d = check(run, outDir, translate(text, run));
      if (d.isPresent()) {
        return CaseResult.fail(Corpus.EGCTL, name, family, run.label() + ": " + d.get());
      }
    }
    return CaseResult.pass(Corpus.EGCTL, name, family);
  }

  /** Whether a SecurityPolicy among the documents has a feature the authz-service enforces. */
  private static boolean usesSecurityPolicyAuth(JsonNode documents) {
    for (JsonNode doc : documents) {
      JsonNode spec = doc.path("spec");
      if (doc.path("kind").asText().equals("SecurityPolicy") && (spec.has("jwt")
          || spec.has("apiKeyAuth") || spec.has("basicAuth") || spec.has("authorization"))) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code translate} on an input as the run's flags ask. */
  static Outcome translate(String text, EgctlRun run) {
    var options = new EgctlTranslation.Options(run.to(), run.resourceType(),
        "envoy-gateway-system", "cluster.local", run.addMissing());
    ObjectNode result;
    try {
      EgctlTranslation.validate("gateway-api", options);
      result = EgctlTranslation.translate(text, options);
    } catch (EgctlTranslation.TranslateException e) {
      return new Outcome.Refused(e.getMessage());
    } catch (RuntimeException e) {
      return new Outcome.Broken("translate crashed: " + e);
    }
    try {
      return new Outcome.Printed(OUTPUT.readTree(EgctlTranslation.print(result, run.format())));
    } catch (IOException e) {
      return new Outcome.Broken("output does not read back: " + e);
    }
  }

  /**
   * Where a run's outcome first differs from what upstream expects of it: the content of its
   * golden file under {@code outDir}, or an error.
   */
  static Optional<String> check(EgctlRun run, Path outDir, Outcome outcome) {
    return switch (outcome) {
      case Outcome.Broken broken -> Optional.of(broken.why());
      case Outcome.Refused refused -> run.expectError()
          ? Optional.empty() : Optional.of("translate failed: " + refused.message());
      case Outcome.Printed printed -> {
        if (run.expectError()) {
          yield Optional.of("expected an error, got output");
        }
        Path golden = outDir.resolve(run.file());
        yield Files.exists(golden)
            ? TreeDiff.firstDifference(Documents.read(golden), printed.tree())
            : Optional.of("no golden file " + run.file());
      }
    };
  }
}
