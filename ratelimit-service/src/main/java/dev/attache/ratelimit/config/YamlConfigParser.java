package dev.attache.ratelimit.config;

import com.google.protobuf.ListValue;
import com.google.protobuf.NullValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.attache.server.config.ConfigException;
import dev.attache.server.config.ConfigFile;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one envoyproxy/ratelimit YAML file. Every key anywhere in the file must be one of the
 * known ones, as upstream checks them (plus Attaché's additions: {@code rate_limits},
 * {@code algorithm}, {@code burst}, {@code unit_multiplier}); keys must be strings and lists must
 * hold mappings. {@code metadata} is free-form.
 */
public final class YamlConfigParser {
  static final Set<String> KEYS = Set.of(
      "domain", "key", "value", "descriptors", "rate_limit", "unit", "requests_per_unit", "unlimited",
      "shadow_mode", "quota_mode", "name", "replaces", "detailed_metric", "value_to_metric",
      "share_threshold", "metadata",
      // Attaché's additions
      "rate_limits", "algorithm", "burst", "unit_multiplier");

  private YamlConfigParser() {
  }

  public static DomainSpec parse(ConfigFile file) throws ConfigException {
    Path path = file.path();
    Object doc;
    try {
      LoaderOptions options = new LoaderOptions();
      options.setAllowDuplicateKeys(false);
      options.setMaxAliasesForCollections(50);
      doc = new Yaml(new SafeConstructor(options)).load(file.content());
    } catch (YAMLException e) {
      throw new ConfigException(path, "error loading config file: " + oneLine(e.getMessage()), e);
    }
    if (doc == null) {
      doc = Map.of();
    }
    if (!(doc instanceof Map<?, ?> root)) {
      throw new ConfigException(path, "error loading config file: expected a mapping with domain and descriptors, found "
          + describe(doc));
    }
    String domainForMessages = root.get("domain") instanceof String s ? "domain '" + s + "': " : "";
    validateKeys(path, domainForMessages, "", root);
    Reader r = new Reader(path, domainForMessages);
    String domain = r.string(root, "domain", "");
    List<DescriptorSpec> descriptors = r.descriptors(root, "");
    return new DomainSpec(path, path.getFileName().toString(), domain, descriptors);
  }

  private static void validateKeys(Path path, String domain, String at, Map<?, ?> map) throws ConfigException {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String key)) {
        throw new ConfigException(path, domain + where(at) + "config error, key is not of type string: " + e.getKey());
      }
      if (!KEYS.contains(key)) {
        throw new ConfigException(path, domain + where(at) + "config error, unknown key '" + key + "'");
      }
      if (key.equals("metadata")) {
        continue;
      }
      String here = at.isEmpty() ? key : at + "." + key;
      switch (e.getValue()) {
        case List<?> list -> {
          for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> m)) {
              throw new ConfigException(path, domain + where(here) + "config error, yaml file contains list of type other than map: "
                  + list.get(i));
            }
            validateKeys(path, domain, here + "[" + i + "]", m);
          }
        }
        case Map<?, ?> m -> validateKeys(path, domain, here, m);
        case null -> { }
        case String s -> { }
        case Integer i -> { }
        case Long l -> { }
        case BigInteger b -> { }
        case Boolean b -> { }
        default -> throw new ConfigException(path, domain + where(here) + "error checking config: unsupported value "
            + e.getValue() + " (expected: a string, an integer, a boolean, a list or a mapping)");
      }
    }
  }

  private static String where(String at) {
    return at.isEmpty() ? "" : at + ": ";
  }

  private static String oneLine(String s) {
    return s == null ? "" : s.replaceAll("\\s*\\n\\s*", " ").trim();
  }

  private static String describe(Object o) {
    return switch (o) {
      case List<?> l -> "a list";
      case String s -> "a string";
      default -> o.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    };
  }

  /** Typed access to the validated tree; type errors name the field path. */
  private record Reader(Path path, String domain) {

    List<DescriptorSpec> descriptors(Map<?, ?> parent, String at) throws ConfigException {
      Object raw = parent.get("descriptors");
      String here = at.isEmpty() ? "descriptors" : at + ".descriptors";
      if (raw == null) {
        return List.of();
      }
      if (!(raw instanceof List<?> list)) {
        throw fail(here, "expected a list of descriptors, found " + raw);
      }
      List<DescriptorSpec> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        Map<?, ?> d = (Map<?, ?>) list.get(i);
        String p = here + "[" + i + "]";
        RateLimitSpec rateLimit = d.get("rate_limit") == null ? null : rateLimit(d.get("rate_limit"), p + ".rate_limit");
        List<RateLimitSpec> more = new ArrayList<>();
        Object rawMore = d.get("rate_limits");
        if (rawMore != null) {
          if (!(rawMore instanceof List<?> ml)) {
            throw fail(p + ".rate_limits", "expected a list of rate limits, found " + rawMore);
          }
          for (int j = 0; j < ml.size(); j++) {
            more.add(rateLimit(ml.get(j), p + ".rate_limits[" + j + "]"));
          }
        }
        out.add(new DescriptorSpec(
            string(d, "key", p), string(d, "value", p), rateLimit, more, descriptors(d, p),
            bool(d, "shadow_mode", p), bool(d, "quota_mode", p), bool(d, "detailed_metric", p),
            bool(d, "value_to_metric", p), bool(d, "share_threshold", p), metadata(d.get("metadata"), p + ".metadata")));
      }
      return out;
    }

    RateLimitSpec rateLimit(Object raw, String at) throws ConfigException {
      if (!(raw instanceof Map<?, ?> m)) {
        throw fail(at, "expected a mapping, found " + raw);
      }
      List<String> replaces = new ArrayList<>();
      Object rawReplaces = m.get("replaces");
      if (rawReplaces != null) {
        if (!(rawReplaces instanceof List<?> rl)) {
          throw fail(at + ".replaces", "expected a list of {name: ...}, found " + rawReplaces);
        }
        for (int i = 0; i < rl.size(); i++) {
          replaces.add(string((Map<?, ?>) rl.get(i), "name", at + ".replaces[" + i + "]"));
        }
      }
      return new RateLimitSpec(
          integer(m, "requests_per_unit", at, 0), string(m, "unit", at), bool(m, "unlimited", at),
          string(m, "name", at), replaces, string(m, "algorithm", at), integer(m, "burst", at, 0),
          integer(m, "unit_multiplier", at, 1));
    }

    String string(Map<?, ?> m, String key, String at) throws ConfigException {
      Object v = m.get(key);
      return switch (v) {
        case null -> "";
        case String s -> s;
        // A YAML scalar such as 200 or true fills a string field with its text, as Go's yaml does.
        case Number n -> n.toString();
        case Boolean b -> b.toString();
        default -> throw fail(field(at, key), "expected a string, found " + v);
      };
    }

    boolean bool(Map<?, ?> m, String key, String at) throws ConfigException {
      Object v = m.get(key);
      return switch (v) {
        case null -> false;
        case Boolean b -> b;
        default -> throw fail(field(at, key), "'" + v + "' (expected: true or false)");
      };
    }

    long integer(Map<?, ?> m, String key, String at, long absent) throws ConfigException {
      Object v = m.get(key);
      return switch (v) {
        case null -> absent;
        case Integer i when i >= 0 -> i;
        case Long l when l >= 0 && l <= 0xFFFF_FFFFL -> l;
        default -> throw fail(field(at, key), "'" + v + "' (expected: an integer 0-4294967295)");
      };
    }

    Struct metadata(Object raw, String at) throws ConfigException {
      if (raw == null) {
        return null;
      }
      if (!(raw instanceof Map<?, ?> m)) {
        throw fail(at, "error parsing metadata: expected a mapping, found " + raw);
      }
      return m.isEmpty() ? null : struct(m);
    }

    private Struct struct(Map<?, ?> m) {
      Struct.Builder b = Struct.newBuilder();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b.putFields(String.valueOf(e.getKey()), value(e.getValue()));
      }
      return b.build();
    }

    private Value value(Object o) {
      return switch (o) {
        case null -> Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
        case String s -> Value.newBuilder().setStringValue(s).build();
        case Boolean b -> Value.newBuilder().setBoolValue(b).build();
        case Number n -> Value.newBuilder().setNumberValue(n.doubleValue()).build();
        case Map<?, ?> m -> Value.newBuilder().setStructValue(struct(m)).build();
        case List<?> l -> {
          ListValue.Builder lb = ListValue.newBuilder();
          for (Object item : l) {
            lb.addValues(value(item));
          }
          yield Value.newBuilder().setListValue(lb).build();
        }
        default -> Value.newBuilder().setStringValue(String.valueOf(o)).build();
      };
    }

    private static String field(String at, String key) {
      return at.isEmpty() ? key : at + "." + key;
    }

    private ConfigException fail(String at, String what) {
      return new ConfigException(path, domain + at + ": " + what);
    }
  }
}
