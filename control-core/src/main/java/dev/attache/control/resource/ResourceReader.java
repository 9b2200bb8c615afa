package dev.attache.control.resource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.attache.control.resource.envoygateway.EnvoyGateway;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.envoygateway.EnvoyProxySpec;
import dev.attache.control.resource.meta.ObjectRef;
import dev.attache.server.config.ConfigException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads resources from YAML, strictly: a field the upstream type does not have is an error that
 * names the file, the object and the field path, as are a number where a string belongs and a
 * key written twice. Two layouts are read: plain multi-document Kubernetes YAML (what users and
 * {@code egctl x translate} write) and Envoy Gateway's map of lists (its translator test inputs).
 * One broken object never hides the others; see {@link ReadResult}.
 */
public final class ResourceReader {
  private static final String UNNAMED = "(unnamed)";

  private final ObjectMapper mapper;
  private final String defaultNamespace;
  private final Leniency leniency;
  private final java.util.Set<String> extensionKinds;
  private final boolean crdDefaults;

  /** Whether unknown fields are errors or dropped with a warning. */
  private enum Leniency {
    /** Every unknown field is an error, as the API server's strict field validation makes it. */
    STRICT,
    /** Every unknown field is dropped with a warning, as Go's decoder drops it. */
    LENIENT
  }

  private ResourceReader(String defaultNamespace, Leniency leniency, java.util.Set<String> extensionKinds,
      boolean crdDefaults) {
    this.defaultNamespace = defaultNamespace;
    this.leniency = leniency;
    this.extensionKinds = java.util.Set.copyOf(extensionKinds);
    this.crdDefaults = crdDefaults;
    YAMLFactory factory = YAMLFactory.builder()
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
        .build();
    this.mapper = YAMLMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        // Go's encoding/json matches field names ignoring case, and upstream inputs rely on it
        // ("Name:" for "name:"), so a differently cased name is the same field, not an unknown one.
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
        .build();
  }

  /** A strict reader that leaves namespaces as written. */
  public static ResourceReader create() {
    return new ResourceReader("", Leniency.STRICT, java.util.Set.of(), false);
  }

  /**
   * A strict reader that puts namespaced objects written without a namespace into
   * {@code namespace} (Envoy Gateway's file provider and egctl use {@code envoy-gateway-system}).
   */
  public static ResourceReader withDefaultNamespace(String namespace) {
    return new ResourceReader(java.util.Objects.requireNonNull(namespace, "namespace"), Leniency.STRICT,
        java.util.Set.of(), false);
  }

  /**
   * A reader that drops unknown fields as Go's decoder does, reporting each as a warning instead
   * of rejecting the object: for reproducing upstream's output on inputs that carry stray fields.
   */
  public ResourceReader lenient() {
    return new ResourceReader(defaultNamespace, Leniency.LENIENT, extensionKinds, crdDefaults);
  }

  /**
   * A reader that fills the fields the Gateway API and Envoy Gateway CRDs default, as the API
   * server does when an object is created: what the file provider and {@code translate} read then
   * translates exactly as the same objects applied to a cluster would.
   */
  public ResourceReader withCrdDefaults() {
    return new ResourceReader(defaultNamespace, leniency, extensionKinds, true);
  }

  /**
   * A reader that keeps objects of these {@code group/Kind}s (the kinds configured extension
   * servers introduce) as {@link UnstructuredObject}s instead of ignoring them.
   */
  public ResourceReader withExtensionKinds(java.util.Set<String> groupKinds) {
    return new ResourceReader(defaultNamespace, leniency, groupKinds, crdDefaults);
  }

  /** The mapper behind this reader, configured strictly; for writing resources back as YAML. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Reads multi-document Kubernetes YAML ({@code kind: List} documents are opened up). */
  public ReadResult readDocuments(Path file, String text) {
    ResourceSet.Builder set = ResourceSet.builder();
    List<ResourceProblem> problems = new ArrayList<>();
    List<ResourceProblem> warnings = new ArrayList<>();
    List<ObjectRef> ignored = new ArrayList<>();
    List<JsonNode> documents;
    try {
      documents = readTrees(text);
    } catch (JsonProcessingException e) {
      problems.add(new ResourceProblem(file, "", "", syntax(e)));
      return new ReadResult(set.build(), problems, warnings, ignored);
    }
    int index = 0;
    for (JsonNode doc : documents) {
      index++;
      if (doc == null || doc.isNull() || doc.isMissingNode()) {
        continue;
      }
      if (!doc.isObject()) {
        problems.add(new ResourceProblem(file, "document " + index, "", "expected a mapping (a Kubernetes object)"));
        continue;
      }
      if ("List".equals(doc.path("kind").asText()) && doc.path("items").isArray()) {
        int i = 0;
        for (JsonNode item : doc.path("items")) {
          readObject(file, item, "document " + index + " items[" + i++ + "]", set, problems, warnings, ignored);
        }
        continue;
      }
      readObject(file, doc, "document " + index, set, problems, warnings, ignored);
    }
    return new ReadResult(set.build(), problems, warnings, ignored);
  }

  private void readObject(Path file, JsonNode node, String position, ResourceSet.Builder set,
      List<ResourceProblem> problems, List<ResourceProblem> warnings, List<ObjectRef> ignored) {
    if (!node.isObject()) {
      problems.add(new ResourceProblem(file, position, "", "expected a mapping (a Kubernetes object)"));
      return;
    }
    ObjectNode object = ((ObjectNode) node).deepCopy();
    String apiVersion = object.path("apiVersion").asText("");
    String kind = object.path("kind").asText("");
    if (kind.isEmpty() || apiVersion.isEmpty()) {
      problems.add(new ResourceProblem(file, position, kind.isEmpty() ? "kind" : "apiVersion",
          "missing (every object needs apiVersion and kind)"));
      return;
    }
    var resourceKind = ResourceKind.of(apiVersion, kind);
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    if (resourceKind.isEmpty() && extensionKinds.contains(group + "/" + kind)) {
      JsonNode meta = object.path("metadata");
      if (meta.isObject() && text(meta.path("namespace")).isEmpty() && !defaultNamespace.isEmpty()) {
        ((ObjectNode) meta).put("namespace", defaultNamespace);
      }
      set.add(new UnstructuredObject(object));
      return;
    }
    if (resourceKind.isEmpty()) {
      ignored.add(new ObjectRef(kind, text(object.path("metadata").path("namespace")),
          text(object.path("metadata").path("name"))));
      return;
    }
    ResourceKind k = resourceKind.get();
    if (k.namespaced() && !defaultNamespace.isEmpty()) {
      JsonNode meta = object.path("metadata");
      if (meta.isObject() && text(meta.path("namespace")).isEmpty()) {
        ((ObjectNode) meta).put("namespace", defaultNamespace);
      }
    }
    String name = describe(k.kind(), object, position);
    defaulted(apiVersion, k.kind(), object);
    try {
      set.add(convert(file, name, object, k.type(), warnings));
    } catch (JsonProcessingException e) {
      problems.add(problem(file, name, e));
    } catch (IllegalArgumentException e) {
      problems.add(new ResourceProblem(file, name, "", e.getMessage()));
    }
  }

  /**
   * Reads Envoy Gateway's map-of-lists layout: a mapping whose keys name lists of objects
   * ({@code gateways}, {@code httpRoutes} …, compared ignoring case as Go's decoder does) plus
   * {@code gatewayClass}, {@code envoyProxyForGatewayClass} and {@code envoyProxyDefaultSpec}.
   */
  public ReadResult readResourceLayout(Path file, String text) {
    List<ResourceProblem> problems = new ArrayList<>();
    JsonNode root;
    try {
      List<JsonNode> docs = readTrees(text);
      root = docs.isEmpty() ? null : docs.getFirst();
      if (docs.size() > 1) {
        problems.add(new ResourceProblem(file, "", "", "expected one YAML document, found " + docs.size()));
      }
    } catch (JsonProcessingException e) {
      problems.add(new ResourceProblem(file, "", "", syntax(e)));
      return new ReadResult(ResourceSet.empty(), problems, List.of(), List.of());
    }
    return readResourceLayout(file, root, problems);
  }

  /**
   * Reads the map-of-lists layout from a tree already parsed (for callers that take other keys
   * out of the same document first, such as a golden output's {@code xdsIR}).
   */
  public ReadResult readResourceLayout(Path file, JsonNode root) {
    return readResourceLayout(file, root, new ArrayList<>());
  }

  private ReadResult readResourceLayout(Path file, JsonNode root, List<ResourceProblem> problems) {
    ResourceSet.Builder set = ResourceSet.builder();
    List<ResourceProblem> warnings = new ArrayList<>();
    if (root == null || root.isNull() || root.isMissingNode()) {
      return new ReadResult(set.build(), problems, warnings, List.of());
    }
    if (!root.isObject()) {
      problems.add(new ResourceProblem(file, "", "", "expected a mapping of resource lists"));
      return new ReadResult(set.build(), problems, warnings, List.of());
    }
    for (var entry : root.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      if (value == null || value.isNull()) {
        continue;
      }
      switch (key.toLowerCase(Locale.ROOT)) {
        case "gatewayclass" -> {
          if (value.isArray()) {
            readList(file, key, (ArrayNode) value, ResourceKind.GATEWAY_CLASS, set, problems, warnings);
          } else {
            readOne(file, key, value, ResourceKind.GATEWAY_CLASS, set, problems, warnings);
          }
        }
        case "envoyproxyforgatewayclass" -> {
          String name = describe("EnvoyProxy", value, key);
          JsonNode proxy = value;
          if (crdDefaults && value.isObject()) {
            proxy = value.deepCopy();
            defaulted(proxy.path("apiVersion").asText(""), "EnvoyProxy", (ObjectNode) proxy);
          }
          try {
            set.envoyProxyForGatewayClass(convert(file, name, proxy, EnvoyProxy.class, warnings));
          } catch (JsonProcessingException e) {
            problems.add(problem(file, name, e));
          }
        }
        case "envoyproxydefaultspec" -> {
          try {
            set.envoyProxyDefaultSpec(convert(file, key, value, EnvoyProxySpec.class, warnings));
          } catch (JsonProcessingException e) {
            problems.add(problem(file, key, e));
          }
        }
        case "extensionreffilters", "extensionserverpolicies" -> {
          if (!value.isArray()) {
            problems.add(new ResourceProblem(file, "", key, "expected a list"));
            continue;
          }
          int i = 0;
          for (JsonNode item : value) {
            if (!item.isObject()) {
              problems.add(new ResourceProblem(file, key + "[" + i + "]", "", "expected a mapping"));
            } else if (key.equalsIgnoreCase("extensionRefFilters")) {
              set.addExtensionRefFilter(new UnstructuredObject((ObjectNode) item));
            } else {
              set.addExtensionServerPolicy(new UnstructuredObject((ObjectNode) item));
            }
            i++;
          }
        }
        default -> {
          var kind = ResourceKind.ofListKey(key);
          if (kind.isEmpty()) {
            problems.add(new ResourceProblem(file, "", key, "unknown resource list (expected one of: "
                + layoutKeys() + ")"));
          } else if (!value.isArray()) {
            problems.add(new ResourceProblem(file, "", key, "expected a list"));
          } else {
            readList(file, key, (ArrayNode) value, kind.get(), set, problems, warnings);
          }
        }
      }
    }
    return new ReadResult(set.build(), problems, warnings, List.of());
  }

  private void readList(Path file, String key, ArrayNode list, ResourceKind kind, ResourceSet.Builder set,
      List<ResourceProblem> problems, List<ResourceProblem> warnings) {
    for (int i = 0; i < list.size(); i++) {
      readOne(file, key + "[" + i + "]", list.get(i), kind, set, problems, warnings);
    }
  }

  private void readOne(Path file, String position, JsonNode node, ResourceKind kind, ResourceSet.Builder set,
      List<ResourceProblem> problems, List<ResourceProblem> warnings) {
    if (!node.isObject()) {
      problems.add(new ResourceProblem(file, position, "", "expected a mapping (a Kubernetes object)"));
      return;
    }
    String name = describe(kind.kind(), node, position) + " (" + position + ")";
    ObjectNode object = (ObjectNode) node;
    if (crdDefaults) {
      object = object.deepCopy();
      defaulted(object.path("apiVersion").asText(""), kind.kind(), object);
    }
    try {
      set.add(convert(file, name, object, kind.type(), warnings));
    } catch (JsonProcessingException e) {
      problems.add(problem(file, name, e));
    } catch (IllegalArgumentException e) {
      problems.add(new ResourceProblem(file, name, "", e.getMessage()));
    }
  }

  /**
   * Reads an {@code EnvoyGateway} configuration (Envoy Gateway's {@code envoy-gateway.yaml}).
   *
   * @throws ConfigException naming the file and the field when it does not read
   */
  public EnvoyGateway readEnvoyGateway(Path file, String text) throws ConfigException {
    List<JsonNode> docs;
    try {
      docs = readTrees(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(file, syntax(e));
    }
    if (docs.size() != 1 || !docs.getFirst().isObject()) {
      throw new ConfigException(file,
          "expected one EnvoyGateway object, found " + docs.size() + " document(s)");
    }
    JsonNode node = docs.getFirst();
    String kind = node.path("kind").asText("");
    if (!"EnvoyGateway".equals(kind)) {
      throw new ConfigException(file,
          "field kind: \"" + kind + "\" (expected: EnvoyGateway)");
    }
    try {
      return mapper.treeToValue(node, EnvoyGateway.class);
    } catch (JsonProcessingException e) {
      throw new ConfigException(file, problem(file, "EnvoyGateway", e).detail());
    }
  }

  private static boolean isGatewayGroup(String apiVersion) {
    return apiVersion.startsWith("gateway.networking.k8s.io/") || apiVersion.startsWith("gateway.envoyproxy.io/");
  }

  private <T> T convert(Path file, String object, JsonNode node, Class<T> type, List<ResourceProblem> warnings)
      throws JsonProcessingException {
    if (leniency == Leniency.STRICT) {
      return mapper.treeToValue(node, type);
    }
    var handler = new com.fasterxml.jackson.databind.deser.DeserializationProblemHandler() {
      @Override
      public boolean handleUnknownProperty(com.fasterxml.jackson.databind.DeserializationContext ctxt,
          com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.databind.JsonDeserializer<?> deserializer,
          Object beanOrClass, String propertyName) throws java.io.IOException {
        String at = pointerToPath(p.getParsingContext().pathAsPointer().toString());
        warnings.add(new ResourceProblem(file, object, at, "unknown field, dropped"));
        p.skipChildren();
        return true;
      }
    };
    try (var parser = mapper.treeAsTokens(node)) {
      return mapper.readerFor(type).withHandler(handler).readValue(parser);
    } catch (JsonProcessingException e) {
      throw e;
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Applies the CRD defaults of Gateway API and Envoy Gateway kinds, when this reader does. */
  private void defaulted(String apiVersion, String kind, ObjectNode object) {
    if (crdDefaults && (apiVersion.isEmpty() || isGatewayGroup(apiVersion))) {
      CrdDefaults.apply(kind, object);
    }
  }

  private static String pointerToPath(String pointer) {
    StringBuilder b = new StringBuilder();
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      if (part.chars().allMatch(Character::isDigit)) {
        b.append('[').append(part).append(']');
      } else {
        if (!b.isEmpty()) {
          b.append('.');
        }
        b.append(part.replace("~1", "/").replace("~0", "~"));
      }
    }
    return b.toString();
  }

  private List<JsonNode> readTrees(String text) throws JsonProcessingException {
    List<JsonNode> out = new ArrayList<>();
    try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNextValue()) {
        out.add(it.nextValue());
      }
    } catch (JsonProcessingException e) {
      throw e;
    } catch (java.io.IOException e) {
      throw new IllegalStateException("reading from a string cannot fail with " + e, e);
    } catch (RuntimeException e) {
      // MappingIterator wraps parse errors in RuntimeJsonMappingException
      if (e.getCause() instanceof JsonProcessingException jpe) {
        throw jpe;
      }
      throw e;
    }
    return out;
  }

  private static String describe(String kind, JsonNode object, String position) {
    JsonNode meta = object.path("metadata");
    String name = text(meta.path("name"));
    String ns = text(meta.path("namespace"));
    if (name.isEmpty()) {
      return kind + " " + UNNAMED + " at " + position;
    }
    return ns.isEmpty() ? kind + " " + name : kind + " " + ns + "/" + name;
  }

  private static String text(JsonNode node) {
    return node.isValueNode() ? node.asText() : "";
  }

  private static String layoutKeys() {
    List<String> keys = new ArrayList<>(List.of("gatewayClass", "envoyProxyForGatewayClass",
        "envoyProxyDefaultSpec", "extensionRefFilters", "extensionServerPolicies"));
    for (ResourceKind k : ResourceKind.values()) {
      keys.add(k.listKey());
    }
    return String.join(", ", keys);
  }

  static ResourceProblem problem(Path file, String object, JsonProcessingException e) {
    String field = e instanceof JsonMappingException jme ? path(jme.getPath()) : "";
    String message = switch (e) {
      case UnrecognizedPropertyException u -> "unknown field (expected one of: "
          + u.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", ")) + ")";
      case InvalidFormatException f -> "expected " + typeName(f.getTargetType()) + ", got a value of another form";
      case MismatchedInputException m -> m.getTargetType() == null
          ? firstLine(m.getOriginalMessage())
          : "expected " + typeName(m.getTargetType());
      case JsonMappingException m when m.getCause() instanceof IllegalArgumentException iae -> iae.getMessage();
      default -> syntax(e);
    };
    return new ResourceProblem(file, object, field, message);
  }

  private static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder b = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        if (!b.isEmpty()) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String typeName(Class<?> type) {
    if (type == null) {
      return "another type";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Integer.class || type == Long.class || type == int.class || type == long.class) {
      return "an integer";
    }
    if (type == Double.class) {
      return "a number";
    }
    if (type == Boolean.class) {
      return "true or false";
    }
    if (java.util.List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
      return "a mapping";
    }
    return "a " + type.getSimpleName();
  }

  private static String syntax(JsonProcessingException e) {
    String msg = firstLine(e.getOriginalMessage());
    var loc = e.getLocation();
    if (loc != null && loc.getLineNr() > 0) {
      return "YAML syntax error at line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ": " + msg;
    }
    return "YAML syntax error: " + msg;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
