package dev.attache.authz.policy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.attache.server.config.ConfigException;
import dev.attache.server.config.ConfigFile;
import dev.attache.server.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads multi-document YAML files of SecurityPolicy objects and the Secrets and ConfigMaps they
 * reference. The whole set loads or none of it does; an error names the file, the object
 * ({@code Kind namespace/name}) and the field path, and never quotes a Secret's value.
 */
public final class PolicyLoader implements ConfigLoader<PolicySet> {
  static final String POLICY_API = "gateway.envoyproxy.io/v1alpha1";
  private static final List<String> METADATA_FIELDS = List.of("name", "namespace", "labels", "annotations",
      "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp",
      "deletionGracePeriodSeconds", "managedFields", "finalizers", "ownerReferences", "generateName", "selfLink");

  private final ObjectMapper yaml;

  public PolicyLoader() {
    YAMLFactory factory = YAMLFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build())
        .build();
    factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    this.yaml = new ObjectMapper(factory);
  }

  @Override
  public PolicySet load(List<ConfigFile> files) throws ConfigException {
    List<Doc> policies = new ArrayList<>();
    Map<String, Resolved> secrets = new HashMap<>();
    Map<String, Resolved> configMaps = new HashMap<>();
    for (ConfigFile file : files) {
      int index = 0;
      for (JsonNode node : documents(file)) {
        index++;
        if (node == null || node.isNull() || node.isMissingNode()) {
          continue;
        }
        Doc doc = header(file.path(), index, node);
        switch (doc.kind) {
          case "SecurityPolicy" -> policies.add(doc);
          case "Secret" -> put(secrets, doc, readData(doc, true));
          case "ConfigMap" -> put(configMaps, doc, readData(doc, false));
          default -> throw new IllegalStateException("unreachable: " + doc.kind);
        }
      }
    }
    Map<PolicyId, SecurityPolicy> out = new LinkedHashMap<>();
    Map<PolicyId, Path> seen = new HashMap<>();
    for (Doc doc : policies) {
      PolicyId id = PolicyId.of(doc.namespace, doc.name);
      Path before = seen.putIfAbsent(id, doc.file);
      if (before != null) {
        throw error(doc, "metadata.name", "SecurityPolicy " + id + " is defined twice (also in " + before + ")");
      }
      try {
        Fields root = Fields.of(doc.node, "");
        root.accept("apiVersion", "kind", "metadata", "status");
        Fields spec = root.object("spec");
        root.done();
        out.put(id, new SpecReader(id, doc.file, secrets::get, configMaps::get).read(spec));
      } catch (FieldException e) {
        throw error(doc, e.path(), e.getMessage());
      }
    }
    return PolicySet.of(out);
  }

  private List<JsonNode> documents(ConfigFile file) throws ConfigException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = yaml.readerFor(JsonNode.class).readValues(file.content())) {
      while (it.hasNextValue()) {
        docs.add(it.nextValue());
      }
    } catch (IOException | RuntimeException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse("");
      throw new ConfigException(file.path(), "document " + (docs.size() + 1) + ": not valid YAML: " + msg, e);
    }
    return docs;
  }

  private static Doc header(Path file, int index, JsonNode node) throws ConfigException {
    if (!node.isObject()) {
      throw new ConfigException(file, "document " + index + ": expected a Kubernetes object, got " + Fields.describe(node));
    }
    String kind = node.path("kind").asText("");
    String api = node.path("apiVersion").asText("");
    JsonNode meta = node.get("metadata");
    String name = meta == null ? "" : meta.path("name").asText("");
    String namespace = meta == null || !meta.hasNonNull("namespace") ? "default" : meta.get("namespace").asText("");
    String where = "document " + index + " (" + (kind.isEmpty() ? "no kind" : kind) + ")";
    switch (kind) {
      case "SecurityPolicy" -> {
        if (!api.equals(POLICY_API)) {
          throw new ConfigException(file, where + ": field apiVersion: " + api + " (expected: " + POLICY_API + ")");
        }
      }
      case "Secret", "ConfigMap" -> {
        if (!api.equals("v1")) {
          throw new ConfigException(file, where + ": field apiVersion: " + api + " (expected: v1)");
        }
      }
      default -> throw new ConfigException(file, where + ": field kind: " + (kind.isEmpty() ? "missing" : kind)
          + " (expected: SecurityPolicy, Secret or ConfigMap)");
    }
    if (name.isEmpty()) {
      throw new ConfigException(file, where + ": field metadata.name: required field is missing");
    }
    Doc doc = new Doc(file, kind, namespace, name, node);
    try {
      Fields m = Fields.of(meta, "metadata");
      METADATA_FIELDS.forEach(m::accept);
      m.done();
    } catch (FieldException e) {
      throw error(doc, e.path(), e.getMessage());
    }
    return doc;
  }

  /** Decoded {@code data} (base64) merged with {@code stringData} (Secret) or {@code data} and {@code binaryData} (ConfigMap). */
  private static Map<String, String> readData(Doc doc, boolean secret) throws ConfigException {
    try {
      Fields root = Fields.of(doc.node, "");
      root.accept("apiVersion", "kind", "metadata", "immutable");
      Map<String, String> data = new LinkedHashMap<>();
      if (secret) {
        root.accept("type");
        JsonNode raw = root.raw("data");
        if (raw != null) {
          root.stringMap("data", v -> v).forEach((k, v) -> data.put(k, base64(v, "data." + k)));
        }
        data.putAll(root.stringMap("stringData", v -> v));
      } else {
        data.putAll(root.stringMap("data", v -> v));
        if (root.raw("binaryData") != null) {
          root.stringMap("binaryData", v -> v).forEach((k, v) -> data.put(k, base64(v, "binaryData." + k)));
        }
      }
      root.done();
      return data;
    } catch (FieldException e) {
      throw error(doc, e.path(), e.getMessage());
    }
  }

  private static String base64(String value, String path) {
    try {
      return new String(Base64.getDecoder().decode(value.replaceAll("\\s", "")), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      // The value is secret: say what is wrong with it, not what it is.
      throw new FieldException(path, "not valid base64");
    }
  }

  private static void put(Map<String, Resolved> into, Doc doc, Map<String, String> data) throws ConfigException {
    Resolved before = into.putIfAbsent(doc.namespace + "/" + doc.name, new Resolved(doc.file, data));
    if (before != null) {
      throw error(doc, "metadata.name", doc.kind + " " + doc.namespace + "/" + doc.name
          + " is defined twice (also in " + before.file() + ")");
    }
  }

  private static ConfigException error(Doc doc, String path, String message) {
    return new ConfigException(doc.file, "object " + doc.kind + " " + doc.namespace + "/" + doc.name
        + ": field " + (path.isEmpty() ? "(root)" : path) + ": " + message);
  }

  /** The data of a Secret or ConfigMap and the file it came from. */
  record Resolved(Path file, Map<String, String> data) {
    @Override
    public String toString() {
      return "Resolved[" + file + ", keys=" + data.keySet() + "]";
    }
  }

  private record Doc(Path file, String kind, String namespace, String name, JsonNode node) {}
}
