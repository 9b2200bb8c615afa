package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/**
 * Writes IR (and the Kubernetes objects around it) the way Envoy Gateway prints it, so the
 * output reads like its golden files: a field whose Go type has {@code omitempty} is left out
 * when empty or zero, a primitive marked {@link JsonInclude.Include#ALWAYS} is always written
 * (a Go field without {@code omitempty}), binary data is base64 as Go's {@code []byte}, and a
 * private key is the literal {@code [redacted]}.
 */
public final class IrWriter {
  private static final JsonInclude.Value NON_DEFAULT =
      JsonInclude.Value.construct(JsonInclude.Include.NON_DEFAULT, JsonInclude.Include.NON_DEFAULT);
  private static final ObjectMapper JSON = configure(JsonMapper.builder().build());
  private static final ObjectMapper YAML = configure(new ObjectMapper(YAMLFactory.builder()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
      .build()));

  private IrWriter() {}

  private static ObjectMapper configure(ObjectMapper mapper) {
    SimpleModule bytes = new SimpleModule("ir-bytes");
    bytes.addSerializer(Bytes.class, new Base64Bytes());
    mapper.registerModule(bytes);
    mapper.setDefaultPropertyInclusion(
        JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_NULL));
    for (Class<?> primitive : new Class<?>[] {boolean.class, int.class, long.class, double.class}) {
      mapper.configOverride(primitive).setInclude(NON_DEFAULT);
    }
    mapper.addMixIn(Lua.class, LuaGoNames.class);
    mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    mapper.enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    return mapper;
  }

  /** Envoy Gateway's IR Lua has no JSON tags, so Go prints its fields by their Go names. */
  abstract static class LuaGoNames {
    @JsonProperty("Name")
    String name;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonProperty("Code")
    String code;

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonProperty("FilterContext")
    JsonNode filterContext;

    @JsonProperty("Name")
    abstract String name();

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonProperty("Code")
    abstract String code();

    @JsonInclude(JsonInclude.Include.ALWAYS)
    @JsonProperty("FilterContext")
    abstract JsonNode filterContext();
  }

  /** The value as a tree (IR records, resource records, maps and lists of them). */
  public static JsonNode toTree(Object value) {
    return JSON.valueToTree(value);
  }

  /** The value as YAML. */
  public static String yaml(Object value) {
    try {
      return YAML.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The value as indented JSON. */
  public static String json(Object value) {
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Go's {@code []byte}: base64 text. */
  static final class Base64Bytes extends JsonSerializer<Bytes> {
    @Override
    public void serialize(Bytes value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeString(Base64.getEncoder().encodeToString(value.toArray()));
    }
  }
}
