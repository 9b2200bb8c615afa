package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;

/** Reads golden files (YAML or JSON) into trees. */
final class Documents {
  private static final ObjectMapper YAML;

  static {
    LoaderOptions options = new LoaderOptions();
    // Some goldens carry large inline certificates and bundles.
    options.setCodePointLimit(64 * 1024 * 1024);
    YAML = new ObjectMapper(YAMLFactory.builder().loaderOptions(options).build());
  }

  private Documents() {}

  static JsonNode read(Path file) {
    try {
      JsonNode node = YAML.readTree(Files.readString(file));
      return node == null ? JsonNodeFactory.instance.nullNode() : node;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Every document of a multi-document YAML file, in order. */
  static ArrayNode readAll(Path file) {
    ArrayNode docs = JsonNodeFactory.instance.arrayNode();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class)
        .readValues(Files.readString(file))) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
      return docs;
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  static String caseName(Path file, String suffix) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - suffix.length());
  }
}
