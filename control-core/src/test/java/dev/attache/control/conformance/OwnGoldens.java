package dev.attache.control.conformance;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Attaché's own golden files, under {@code control-core/src/test/resources/testdata/<corpus>/}:
 * what Attaché produces where upstream's corpus cannot say (a deliberate difference, an
 * addition). A test holds its output against them by meaning, as {@link TreeDiff} compares; with
 * {@code -Dgolden.update=true} it rewrites them instead, so that a change of behaviour shows as a
 * diff of these files in review.
 */
final class OwnGoldens {
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
      .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
      .disable(YAMLGenerator.Feature.SPLIT_LINES)
      .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
      .build();
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
      .build();

  private final Path root;
  private final Path dir;
  private final String header;

  private OwnGoldens(Path root, Path dir, String header) {
    this.root = root;
    this.dir = dir;
    this.header = header;
  }

  /**
   * The goldens of one corpus; {@code why} heads each file written, saying why Attaché keeps a
   * golden of its own there.
   */
  static OwnGoldens of(String corpus, String why) {
    Path root = Goldens.projectRoot().toAbsolutePath().normalize();
    return new OwnGoldens(root,
        root.resolve("control-core/src/test/resources/testdata").resolve(corpus), why);
  }

  Path dir() {
    return dir;
  }

  /**
   * Holds each part of {@code output} against {@code NAME.PART.yaml}, and fails if a part that
   * has a golden file was not produced; rewrites them all under {@code golden.update}.
   */
  void check(String name, ObjectNode output) {
    TreeSet<String> stale = parts(name);
    for (var part : output.properties()) {
      stale.remove(part.getKey());
      checkFile(name + "." + part.getKey() + ".yaml", part.getValue());
    }
    for (String part : stale) {
      Path file = dir.resolve(name + "." + part + ".yaml");
      if (Goldens.updating()) {
        delete(file);
      } else {
        fail(relative(file) + ": no longer produced (rewrite with -Dgolden.update=true)");
      }
    }
  }

  /** Holds {@code actual} against one file ({@code .yaml} or {@code .json}), or rewrites it. */
  void checkFile(String file, JsonNode actual) {
    Path golden = dir.resolve(file);
    if (Goldens.updating()) {
      write(golden, actual);
      return;
    }
    if (!Files.exists(golden)) {
      fail(relative(golden) + ": missing (write it with -Dgolden.update=true)");
    }
    Optional<String> d = TreeDiff.firstDifference(Documents.read(golden), actual);
    d.ifPresent(s -> fail(relative(golden) + ": " + s));
  }

  /**
   * Holds one entry of a map file against {@code value} (e.g. the error a run stops with, under
   * its flags), or rewrites that entry.
   */
  void checkEntry(String file, String key, String value) {
    Path golden = dir.resolve(file);
    ObjectNode map = Files.exists(golden) && Documents.read(golden) instanceof ObjectNode read
        ? read : JsonNodeFactory.instance.objectNode();
    if (Goldens.updating()) {
      map.put(key, value);
      write(golden, map);
      return;
    }
    if (!map.has(key)) {
      fail(relative(golden) + ": no entry " + key + " (write it with -Dgolden.update=true)");
    }
    if (!map.get(key).asText().equals(value)) {
      fail(relative(golden) + ": " + key + ": expected \"" + map.get(key).asText() + "\", got \""
          + value + "\"");
    }
  }

  /** The parts that have a golden file for the case: {@code NAME.PART.yaml}, PART without dots. */
  private TreeSet<String> parts(String name) {
    Path file = dir.resolve(name);
    Path folder = file.getParent();
    String prefix = file.getFileName() + ".";
    TreeSet<String> parts = new TreeSet<>();
    if (!Files.isDirectory(folder)) {
      return parts;
    }
    try (Stream<Path> files = Files.list(folder)) {
      files.map(f -> f.getFileName().toString())
          .filter(f -> f.startsWith(prefix) && f.endsWith(".yaml"))
          .map(f -> f.substring(prefix.length(), f.length() - ".yaml".length()))
          .filter(part -> !part.isEmpty() && !part.contains("."))
          .forEach(parts::add);
    } catch (IOException e) {
      throw new UncheckedIOException(folder + ": " + e.getMessage(), e);
    }
    return parts;
  }

  private void write(Path file, JsonNode tree) {
    try {
      Files.createDirectories(file.getParent());
      String text = file.toString().endsWith(".json")
          ? JSON.writeValueAsString(tree) + "\n"
          : comment(header) + YAML.writeValueAsString(tree);
      Files.writeString(file, text);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  private static String comment(String text) {
    List<String> lines = new ArrayList<>();
    text.lines().forEach(l -> lines.add(l.isEmpty() ? "#" : "# " + l));
    return String.join("\n", lines) + "\n";
  }

  private String relative(Path file) {
    return root.relativize(file).toString();
  }
}
