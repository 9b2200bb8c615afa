package dev.attache.control.conformance;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A floor file: per corpus, the least number of cases that must pass
 * ({@code xds-ir=130}). It is a ratchet: raise it as cases start passing, never lower it.
 */
final class ConformanceFloor {
  private ConformanceFloor() {}

  /** Reads {@code file}; names the file, the key and what was expected when it is wrong. */
  static Map<String, Integer> read(Path file) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    Map<String, Integer> floor = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      try {
        Corpus.byId(key);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
      }
      String value = properties.getProperty(key).trim();
      int min;
      try {
        min = Integer.parseInt(value);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            file + ": " + key + ": " + value + " (expected: a whole number >= 0)", e);
      }
      if (min < 0) {
        throw new IllegalArgumentException(file + ": " + key + ": " + min + " (expected: >= 0)");
      }
      floor.put(key, min);
    }
    return floor;
  }
}
