package dev.attache.control.ir;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads the xDS IR from YAML in Envoy Gateway's field names. As upstream's decoder (Go's JSON
 * rules behind {@code sigs.k8s.io/yaml}), names match case-insensitively; unlike it, a field
 * the schema does not have is an error naming its path, so a typo never goes unnoticed.
 */
public final class IrYaml {
  private static final ObjectMapper MAPPER;

  static {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(64 * 1024 * 1024);
    MAPPER = JsonMapper.builder(YAMLFactory.builder().loaderOptions(options).build())
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        // An empty YAML value ("value:") is Go's nil slice, not an error.
        .withCoercionConfig(com.fasterxml.jackson.databind.type.LogicalType.Collection,
            cfg -> cfg.setCoercion(com.fasterxml.jackson.databind.cfg.CoercionInputShape.EmptyString,
                com.fasterxml.jackson.databind.cfg.CoercionAction.AsEmpty))
        .build();
  }

  private static final com.fasterxml.jackson.databind.ObjectWriter WRITER = JsonMapper.builder(
          YAMLFactory.builder()
              .disable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(com.fasterxml.jackson.dataformat.yaml.YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build())
      .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_EMPTY)
      .build().writer();

  private IrYaml() {}

  /**
   * The IR as YAML in Envoy Gateway's field names, empty fields left out and private bytes
   * written as {@code [redacted]}.
   */
  public static String writeXds(Xds xds) {
    try {
      return WRITER.writeValueAsString(xds);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the IR", e);
    }
  }

  /**
   * Parses one xDS IR document the way Envoy Gateway's own test harness does (Go's lenient JSON
   * rules): unknown fields are skipped, and their paths are added to {@code ignored}. Used to run
   * upstream's golden inputs, some of which carry fields upstream ignores too.
   */
  public static Xds readXdsLenient(String yaml, List<String> ignored) throws IrFormatException {
    Xds xds = yaml.isBlank() ? null : readLenient(yaml, Xds.class, ignored);
    return xds == null ? emptyXds() : xds;
  }

  /** Like {@link #readXdsLenient} for any IR type ({@code HttpListener}, …); null when empty. */
  public static <T> T readLenient(String yaml, Class<T> type, List<String> ignored)
      throws IrFormatException {
    try {
      return MAPPER.readerFor(type)
          .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .withHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName)
                throws java.io.IOException {
              ignored.add(location(p) + propertyName);
              p.skipChildren();
              return true;
            }
          })
          .readValue(sortedKeys(MAPPER.readTree(yaml)));
    } catch (JsonMappingException e) {
      throw new IrFormatException("field " + path(e.getPath()) + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IrFormatException("not YAML: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new IrFormatException("cannot read: " + e.getMessage(), e);
    }
  }

  private static String location(JsonParser p) {
    StringBuilder out = new StringBuilder();
    for (var ctx = p.getParsingContext().getParent(); ctx != null && !ctx.inRoot();
        ctx = ctx.getParent()) {
      String part = ctx.inArray() ? "[" + ctx.getCurrentIndex() + "]"
          : ctx.getCurrentName() == null ? "" : ctx.getCurrentName() + ".";
      out.insert(0, part);
    }
    return out.toString().replace(".[", "[");
  }

  /** Parses one xDS IR document; an empty document is an empty IR. */
  public static Xds readXds(String yaml) throws IrFormatException {
    Xds xds = yaml.isBlank() ? null : read(yaml, Xds.class);
    return xds == null ? emptyXds() : xds;
  }

  /** Parses one infra IR document strictly (unknown fields rejected); null when empty. */
  public static Infra readInfra(String yaml) throws IrFormatException {
    return yaml.isBlank() ? null : read(yaml, Infra.class);
  }

  /** Writes the infra IR in Envoy Gateway's field names, empty fields left out. */
  public static String writeInfra(Infra infra) {
    try {
      return WRITER.writeValueAsString(infra);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the infra IR", e);
    }
  }

  private static <T> T read(String yaml, Class<T> type) throws IrFormatException {
    try {
      return MAPPER.readerFor(type).readValue(sortedKeys(MAPPER.readTree(yaml)));
    } catch (UnrecognizedPropertyException e) {
      throw new IrFormatException("field " + path(e.getPath()) + ": unknown field (not in the "
          + "xDS IR schema, or not supported by Attaché yet)", e);
    } catch (JsonMappingException e) {
      throw new IrFormatException("field " + path(e.getPath()) + ": " + e.getOriginalMessage(), e);
    } catch (JsonProcessingException e) {
      throw new IrFormatException("not YAML: " + e.getOriginalMessage(), e);
    } catch (java.io.IOException e) {
      throw new IrFormatException("cannot read: " + e.getMessage(), e);
    }
  }

  /**
   * The document with every map's keys in byte order. Upstream decodes YAML by converting it to
   * JSON through a Go map, which sorts keys; with case-insensitive names, the last of two keys
   * that fold together ({@code CACertificate}, {@code caCertificate}) wins in that order.
   */
  static JsonNode sortedKeys(JsonNode node) {
    if (node == null) {
      return null;
    }
    if (node.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      new java.util.TreeMap<>(toMap(node)).forEach((k, v) -> out.set(k, sortedKeys(v)));
      return out;
    }
    if (node.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      node.forEach(e -> out.add(sortedKeys(e)));
      return out;
    }
    return node;
  }

  private static java.util.Map<String, JsonNode> toMap(JsonNode node) {
    java.util.Map<String, JsonNode> map = new java.util.LinkedHashMap<>();
    node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue()));
    return map;
  }

  /** An IR with nothing in it (absent fields take their empty values). */
  private static Xds emptyXds() {
    try {
      return MAPPER.treeToValue(JsonNodeFactory.instance.objectNode(), Xds.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference ref : refs) {
      if (ref.getFieldName() != null) {
        if (!out.isEmpty()) {
          out.append('.');
        }
        out.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        out.append('[').append(ref.getIndex()).append(']');
      }
    }
    return out.isEmpty() ? "(root)" : out.toString();
  }
}
