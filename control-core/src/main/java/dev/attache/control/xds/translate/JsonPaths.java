package dev.attache.control.xds.translate;

import com.jayway.jsonpath.Configuration;
import com.jayway.jsonpath.JsonPath;
import com.jayway.jsonpath.Option;
import com.jayway.jsonpath.PathNotFoundException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** JSONPath selections turned into the JSON pointers a patch applies to. */
final class JsonPaths {
  private static final Configuration PATHS = Configuration.builder()
      .options(Option.AS_PATH_LIST, Option.SUPPRESS_EXCEPTIONS, Option.ALWAYS_RETURN_LIST).build();
  private static final Pattern SEGMENT = Pattern.compile("\\['((?:[^'\\\\]|\\\\.)*)'\\]|\\[(\\d+)\\]");

  private static final Pattern QUOTED_REGEX = Pattern.compile("=~\\s*([\"'])(.*?)\\1");

  private JsonPaths() {}

  /** Pointers of everything {@code jsonPath} selects in {@code json}, each followed by {@code path}. */
  static List<String> pointers(String json, String jsonPath, String path) {
    if (jsonPath.trim().equals("$")) {
      throw new IllegalArgumentException("Using only Root ('$') in json path expression is not allowed!");
    }
    // Envoy Gateway's JSONPath dialect lets a path start without the root ("..name",
    // "filter_chains[0]").
    String expression = jsonPath.startsWith("$") ? jsonPath
        : jsonPath.startsWith(".") || jsonPath.startsWith("[") ? "$" + jsonPath : "$." + jsonPath;
    expression = regexLiterals(expression);
    List<String> located;
    try {
      located = JsonPath.using(PATHS).parse(json).read(expression);
    } catch (PathNotFoundException e) {
      located = List.of();
    } catch (com.jayway.jsonpath.InvalidPathException e) {
      throw new IllegalArgumentException("unable to convert jsonPath: '" + jsonPath
          + "' into jsonPointers, err: " + e.getMessage(), e);
    }
    List<String> out = new ArrayList<>();
    for (String normalized : located) {
      StringBuilder pointer = new StringBuilder();
      Matcher m = SEGMENT.matcher(normalized);
      while (m.find()) {
        String key = m.group(1) != null ? m.group(1).replace("\\'", "'") : m.group(2);
        pointer.append('/').append(key.replace("~", "~0").replace("/", "~1"));
      }
      out.add(concat(pointer.toString(), path));
    }
    return out;
  }

  /**
   * Envoy Gateway's dialect matches {@code =~ "regex"} against part of the value; this library
   * wants {@code =~ /regex/} matching the whole value.
   */
  static String regexLiterals(String expression) {
    Matcher m = QUOTED_REGEX.matcher(expression);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String regex = m.group(2).replace("/", "\\/");
      m.appendReplacement(out, Matcher.quoteReplacement("=~ /.*(?:" + regex + ").*/"));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String concat(String pointer, String path) {
    if (path == null || path.isEmpty()) {
      return pointer;
    }
    String head = pointer.endsWith("/") ? pointer.substring(0, pointer.length() - 1) : pointer;
    String tail = path.startsWith("/") ? path.substring(1) : path;
    return head + "/" + tail;
  }
}
