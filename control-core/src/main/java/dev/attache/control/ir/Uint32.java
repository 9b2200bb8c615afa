package dev.attache.control.ir;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;

/**
 * Go's {@code uint32} held in a Java {@code Integer}: values above {@link Integer#MAX_VALUE} are
 * stored with the same bits (so 4294967295 is -1) and printed unsigned again.
 */
public final class Uint32 {
  private Uint32() {}

  /** Prints the integer as unsigned. */
  public static final class Serializer extends JsonSerializer<Integer> {
    @Override
    public void serialize(Integer value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      gen.writeNumber(Integer.toUnsignedLong(value));
    }
  }

  /** Reads 0 … 4294967295 into the integer's bits. */
  public static final class Deserializer extends JsonDeserializer<Integer> {
    @Override
    public Integer deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
      long v = p.getLongValue();
      if (v < 0 || v > 4294967295L) {
        return (Integer) ctxt.handleWeirdNumberValue(Integer.class, v, "not a uint32");
      }
      return (int) v;
    }
  }
}
