package dev.attache.control.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One run of {@code egctl x translate} on an input of the egctl corpus: the input's name, the
 * flags the run passes after {@code --from gateway-api -f in/NAME.yaml}, and whether it is meant
 * to fail. It prints what golden file {@link #file()} names, as upstream's harness names it.
 *
 * @param to the {@code --to} output types, in the order given
 * @param output the {@code -o} value, null when the run leaves it to the default ({@code yaml})
 * @param type the {@code -t} value, null when the run leaves it to the default ({@code all})
 */
record EgctlRun(String name, List<String> to, String output, String type, boolean addMissing,
    boolean expectError) {
  /** The runs of upstream's {@code TestTranslate} table, in its order. */
  static final List<EgctlRun> UPSTREAM = read("egctl-translate-runs.txt");

  private static final String ERROR = "=> error";

  EgctlRun {
    to = List.copyOf(to);
  }

  /** {@code -o} as the run prints: {@code yaml} unless the run says otherwise. */
  String format() {
    return output == null ? "yaml" : output;
  }

  /** {@code -t} as the run prints: {@code all} unless the run says otherwise. */
  String resourceType() {
    return type == null ? "all" : type;
  }

  /** {@code NAME.TYPE.FORMAT}: the golden file the run's output is compared with. */
  String file() {
    return name + "." + resourceType() + "." + format();
  }

  /** The flags as written in the table, e.g. {@code --to xds -o yaml -t route}. */
  String flags() {
    StringBuilder out = new StringBuilder("--to ").append(String.join(",", to));
    if (output != null) {
      out.append(" -o ").append(output);
    }
    if (type != null) {
      out.append(" -t ").append(type);
    }
    if (addMissing) {
      out.append(" --add-missing-resources");
    }
    return out.toString();
  }

  /** How tests and reports name the run: {@code NAME.TYPE.FORMAT [FLAGS]}, unique in a table. */
  String label() {
    return file() + " [" + flags() + "]";
  }

  /** The runs listed in a table resource next to this class. */
  static List<EgctlRun> read(String resource) {
    try (InputStream in = EgctlRun.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + resource + " next to " + EgctlRun.class);
      }
      return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(resource + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a table: one run a line ({@code NAME FLAGS [=> error]}), {@code #} comments and blank
   * lines ignored.
   */
  static List<EgctlRun> parse(String source, String text) {
    List<EgctlRun> runs = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean expectError = line.endsWith(ERROR);
      if (expectError) {
        line = line.substring(0, line.length() - ERROR.length()).strip();
      }
      String[] words = line.split("\\s+");
      List<String> to = List.of("gateway-api", "xds");
      String output = null;
      String type = null;
      boolean addMissing = false;
      for (int i = 1; i < words.length; i++) {
        String where = source + " line " + (n + 1) + ": ";
        switch (words[i]) {
          case "--to" -> to = Arrays.asList(value(words, ++i, where).split(","));
          case "-o" -> output = value(words, ++i, where);
          case "-t" -> type = value(words, ++i, where);
          case "--add-missing-resources" -> addMissing = true;
          default -> throw new IllegalArgumentException(where + words[i]
              + " (expected one of --to, -o, -t, --add-missing-resources, or => error at the end)");
        }
      }
      runs.add(new EgctlRun(words[0], to, output, type, addMissing, expectError));
    }
    return List.copyOf(runs);
  }

  private static String value(String[] words, int i, String where) {
    if (i >= words.length) {
      throw new IllegalArgumentException(where + words[i - 1] + " has no value");
    }
    return words[i];
  }
}
