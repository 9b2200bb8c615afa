package dev.attache.control.gatewayapi.tls;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PEM blocks, read and written as Go's {@code encoding/pem} does, because the certificate bytes
 * Envoy Gateway puts in the IR are its re-encoding of the Secret's PEM ({@code pem.Decode} then
 * {@code pem.EncodeToMemory}), so the same bytes must come out here.
 */
public final class Pem {
  private static final String BEGIN = "-----BEGIN ";
  private static final String END = "-----END ";
  private static final String DASHES = "-----";

  private Pem() {}

  /** One PEM block: its type ({@code CERTIFICATE}), headers and decoded bytes. */
  public record Block(String type, Map<String, String> headers, byte[] bytes) {
  }

  /** A decoded block and the data after it; {@code block} is null when no block was found. */
  public record Decoded(Block block, byte[] rest) {
  }

  /** Every block in {@code data}, in order. */
  public static List<Block> decodeAll(byte[] data) {
    List<Block> out = new ArrayList<>();
    byte[] rest = data;
    while (rest.length > 0) {
      Decoded d = decode(rest);
      if (d.block() == null) {
        break;
      }
      out.add(d.block());
      rest = d.rest();
    }
    return out;
  }

  /** The first block in {@code data} (as {@code pem.Decode}). */
  public static Decoded decode(byte[] data) {
    String text = new String(data, StandardCharsets.ISO_8859_1);
    int from = 0;
    while (true) {
      int begin = findBegin(text, from);
      if (begin < 0) {
        return new Decoded(null, data);
      }
      int typeStart = begin + BEGIN.length();
      int lineEnd = text.indexOf('\n', typeStart);
      String typeLine = lineEnd < 0 ? text.substring(typeStart) : text.substring(typeStart, lineEnd);
      typeLine = stripTrailingSpace(typeLine);
      int next = begin + BEGIN.length();
      if (!typeLine.endsWith(DASHES) || lineEnd < 0) {
        from = next;
        continue;
      }
      String type = typeLine.substring(0, typeLine.length() - DASHES.length());
      int pos = lineEnd + 1;
      Map<String, String> headers = new LinkedHashMap<>();
      // Headers are "Key: value" lines before the first blank line; a body line has no colon.
      while (true) {
        int eol = text.indexOf('\n', pos);
        String line = eol < 0 ? text.substring(pos) : text.substring(pos, eol);
        int colon = line.indexOf(':');
        if (colon < 0 || line.startsWith(END)) {
          break;
        }
        headers.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        pos = eol < 0 ? text.length() : eol + 1;
      }
      if (!headers.isEmpty()) {
        int eol = text.indexOf('\n', pos);
        String line = eol < 0 ? text.substring(pos) : text.substring(pos, eol);
        if (line.trim().isEmpty()) {
          pos = eol < 0 ? text.length() : eol + 1;
        }
      }
      String endMarker = END + type + DASHES;
      int endIndex;
      if (text.startsWith(END, pos)) {
        endIndex = pos;
      } else {
        endIndex = text.indexOf("\n" + END, pos);
        endIndex = endIndex < 0 ? -1 : endIndex + 1;
      }
      if (endIndex < 0) {
        from = next;
        continue;
      }
      String body = text.substring(pos, endIndex).replaceAll("[ \\t\\r\\n]", "");
      int endLineEnd = text.indexOf('\n', endIndex);
      String endLine = stripTrailingSpace(endLineEnd < 0 ? text.substring(endIndex) : text.substring(endIndex, endLineEnd));
      if (!endLine.equals(endMarker)) {
        from = next;
        continue;
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        from = next;
        continue;
      }
      int restStart = endLineEnd < 0 ? text.length() : endLineEnd + 1;
      byte[] rest = text.substring(restStart).getBytes(StandardCharsets.ISO_8859_1);
      return new Decoded(new Block(type, headers, bytes), rest);
    }
  }

  private static int findBegin(String text, int from) {
    int i = text.indexOf(BEGIN, from);
    while (i > 0 && text.charAt(i - 1) != '\n') {
      i = text.indexOf(BEGIN, i + 1);
    }
    return i;
  }

  private static String stripTrailingSpace(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == ' ' || s.charAt(end - 1) == '\t' || s.charAt(end - 1) == '\r')) {
      end--;
    }
    return s.substring(0, end);
  }

  /** The block in PEM form, byte for byte as {@code pem.EncodeToMemory} writes it. */
  public static byte[] encode(Block block) {
    StringBuilder b = new StringBuilder();
    b.append(BEGIN).append(block.type()).append(DASHES).append('\n');
    if (!block.headers().isEmpty()) {
      Map<String, String> sorted = new TreeMap<>(block.headers());
      String procType = sorted.remove("Proc-Type");
      if (procType != null) {
        b.append("Proc-Type: ").append(procType).append('\n');
      }
      sorted.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
      b.append('\n');
    }
    String base64 = Base64.getEncoder().encodeToString(block.bytes());
    for (int i = 0; i < base64.length(); i += 64) {
      b.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
    }
    b.append(END).append(block.type()).append(DASHES).append('\n');
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
