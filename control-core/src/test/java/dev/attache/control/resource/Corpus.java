package dev.attache.control.resource;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds Envoy Gateway's golden corpus next to the project ({@code ../shared/conformance/envoy-gateway}). */
final class Corpus {
  private Corpus() {
  }

  static Path root() {
    String projectRoot = System.getProperty("attache.projectRoot", System.getProperty("user.dir") + "/..");
    Path corpus = Path.of(projectRoot).resolve("../shared/conformance/envoy-gateway").normalize();
    assumeTrue(Files.isDirectory(corpus.resolve("gatewayapi")),
        "SKIPPED LOUDLY: Envoy Gateway's corpus is not at " + corpus
            + " (set -Dattache.projectRoot to the project root next to ../shared); the corpus tests did not run");
    return corpus;
  }

  static List<Path> files(Path dir, String suffix) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }
}
