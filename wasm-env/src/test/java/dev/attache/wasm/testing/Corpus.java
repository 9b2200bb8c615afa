package dev.attache.wasm.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Envoy Gateway's golden corpus next to the project ({@code ../shared/conformance/envoy-gateway}). */
public final class Corpus {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private Corpus() {}

  public static Path root() {
    String projectRoot = System.getProperty("attache.projectRoot", System.getProperty("user.dir") + "/..");
    Path corpus = Path.of(projectRoot).resolve("../shared/conformance/envoy-gateway").normalize();
    assumeTrue(Files.isDirectory(corpus.resolve("xds")),
        "SKIPPED LOUDLY: Envoy Gateway's corpus is not at " + corpus
            + " (set -Dattache.projectRoot to the project root next to ../shared); the Wasm golden tests did not run");
    return corpus;
  }

  public static JsonNode yaml(String relative) {
    try {
      return YAML.readTree(root().resolve(relative).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
