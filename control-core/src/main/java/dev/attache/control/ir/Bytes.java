package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Binary IR data (certificates, keys, bodies). YAML gives it as base64 text or as a list of
 * byte values, as Go's JSON decoding of {@code []byte} accepts; the literal {@code [redacted]}
 * (how Envoy Gateway prints private keys) stays those bytes.
 */
public final class Bytes {
  private static final String REDACTED = "[redacted]";
  private final byte[] value;

  private Bytes(byte[] value) {
    this.value = value;
  }

  public static Bytes of(byte[] value) {
    return new Bytes(value.clone());
  }

  @JsonCreator
  static Bytes fromJson(JsonNode node) {
    if (node.isTextual()) {
      String text = node.textValue();
      if (text.equals(REDACTED)) {
        return new Bytes(text.getBytes(StandardCharsets.UTF_8));
      }
      try {
        return new Bytes(Base64.getDecoder().decode(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not base64 text (expected: base64 or a list of bytes)");
      }
    }
    if (node.isArray()) {
      byte[] out = new byte[node.size()];
      for (int i = 0; i < out.length; i++) {
        JsonNode b = node.get(i);
        if (!b.canConvertToInt() || b.intValue() < 0 || b.intValue() > 255) {
          throw new IllegalArgumentException("[" + i + "]: " + b + " (expected: 0..255)");
        }
        out[i] = (byte) b.intValue();
      }
      return new Bytes(out);
    }
    throw new IllegalArgumentException(node.getNodeType() + " (expected: base64 or a list of bytes)");
  }

  /** Written as base64 text, as Go writes {@code []byte}. */
  @JsonValue
  String base64() {
    return Base64.getEncoder().encodeToString(value);
  }

  /** Writes private bytes (keys, credentials) as {@code [redacted]}, as Envoy Gateway does. */
  public static final class Redacting extends StdSerializer<Bytes> {
    public Redacting() {
      super(Bytes.class);
    }

    @Override
    public void serialize(Bytes bytes, JsonGenerator gen, SerializerProvider provider)
        throws IOException {
      gen.writeString(bytes.value.length == 0 ? "" : REDACTED);
    }
  }

  public byte[] toArray() {
    return value.clone();
  }

  public int length() {
    return value.length;
  }

  public String utf8() {
    return new String(value, StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Bytes other && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(value);
  }

  /** Never the content: it may be a private key. */
  @Override
  public String toString() {
    return "Bytes[" + value.length + "]";
  }
}
