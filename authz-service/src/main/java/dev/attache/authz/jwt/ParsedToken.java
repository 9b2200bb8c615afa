package dev.attache.authz.jwt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.util.Base64URL;
import dev.attache.authz.decision.Reason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;

/**
 * A compact JWS split and decoded under limits: at most {@code maxTokenBytes} characters, strict
 * base64url, JSON at most {@code maxJsonDepth} deep and without duplicate members. Nothing in
 * the header is acted on except {@code alg}, {@code kid} and {@code crit}: {@code jwk},
 * {@code jku}, {@code x5u} and {@code x5c} are never read, so they can never be fetched.
 */
record ParsedToken(String alg, String kid, ObjectNode claims, byte[] signingInput, Base64URL signature) {

  /** Limits applied before any key is touched. */
  record Limits(int maxTokenBytes, int maxJsonDepth) {
    static final Limits DEFAULT = new Limits(16 * 1024, 16);
  }

  /** A token that could not be parsed. */
  static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;
    final transient JwtFailure failure;

    Invalid(Reason reason, String message) {
      super(message, null, false, false);
      this.failure = JwtFailure.of(reason, message);
    }
  }

  private static final Base64.Decoder B64URL = Base64.getUrlDecoder();

  static ObjectMapper mapper(Limits limits) {
    JsonFactory f = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(limits.maxJsonDepth()).maxStringLength(limits.maxTokenBytes()).build())
        .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    return new ObjectMapper(f);
  }

  static ParsedToken parse(String token, Limits limits, ObjectMapper json) throws Invalid {
    if (token.length() > limits.maxTokenBytes()) {
      throw new Invalid(Reason.JWT_TOO_LARGE, "Jwt is larger than " + limits.maxTokenBytes() + " bytes");
    }
    int d1 = token.indexOf('.');
    int d2 = d1 < 0 ? -1 : token.indexOf('.', d1 + 1);
    if (d1 <= 0 || d2 < 0 || token.indexOf('.', d2 + 1) >= 0) {
      throw new Invalid(Reason.JWT_INVALID,
          "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections");
    }
    String h = token.substring(0, d1);
    String p = token.substring(d1 + 1, d2);
    String s = token.substring(d2 + 1);
    JsonNode header = decodeJson(h, json, "header");
    if (!header.isObject()) {
      throw new Invalid(Reason.JWT_INVALID, "Jwt header is an invalid JSON");
    }
    JsonNode algNode = header.get("alg");
    if (algNode == null || !algNode.isTextual()) {
      throw new Invalid(Reason.JWT_INVALID, "Jwt header [alg] field is required and must be a string");
    }
    if (Algorithms.family(algNode.textValue()) == null) {
      // "none" and every algorithm without a key type here; checked before anything else is read.
      throw new Invalid(Reason.JWT_ALG_NOT_ALLOWED, "Jwt header [alg] is not supported");
    }
    JsonNode kidNode = header.get("kid");
    if (kidNode != null && !kidNode.isTextual()) {
      throw new Invalid(Reason.JWT_INVALID, "Jwt header [kid] field is not a string");
    }
    JsonNode crit = header.get("crit");
    if (crit != null) {
      // No header extension is understood here, so every critical one is unknown (RFC 7515 4.1.11).
      throw new Invalid(Reason.JWT_INVALID, "Jwt header [crit] names extensions that are not understood");
    }
    JsonNode claims = decodeJson(p, json, "payload");
    if (!claims.isObject()) {
      throw new Invalid(Reason.JWT_INVALID, "Jwt payload is an invalid JSON");
    }
    if (!strictBase64Url(s) || s.isEmpty()) {
      throw new Invalid(Reason.JWT_INVALID, "Jwt signature is an invalid Base64url encoded");
    }
    byte[] signingInput = token.substring(0, d2).getBytes(StandardCharsets.US_ASCII);
    return new ParsedToken(algNode.textValue(), kidNode == null ? null : kidNode.textValue(),
        (ObjectNode) claims, signingInput, new Base64URL(s));
  }

  private static JsonNode decodeJson(String part, ObjectMapper json, String what) throws Invalid {
    if (!strictBase64Url(part)) {
      throw new Invalid(Reason.JWT_INVALID, "Jwt " + what + " is an invalid Base64url encoded");
    }
    byte[] bytes;
    try {
      bytes = B64URL.decode(part);
    } catch (IllegalArgumentException e) {
      throw new Invalid(Reason.JWT_INVALID, "Jwt " + what + " is an invalid Base64url encoded");
    }
    try (JsonParser parser = json.getFactory().createParser(bytes)) {
      JsonNode node = json.readTree(parser);
      if (node == null || parser.nextToken() != null) {
        throw new Invalid(Reason.JWT_INVALID, "Jwt " + what + " is an invalid JSON");
      }
      return node;
    } catch (StreamConstraintsException e) {
      throw new Invalid(Reason.JWT_INVALID, "Jwt " + what + " JSON is nested too deeply");
    } catch (IOException e) {
      throw new Invalid(Reason.JWT_INVALID, "Jwt " + what + " is an invalid JSON");
    }
  }

  /** Only the base64url alphabet, no padding (RFC 7515 section 2). */
  static boolean strictBase64Url(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_';
      if (!ok) {
        return false;
      }
    }
    return s.length() % 4 != 1;
  }

  static Iterator<String> names(ObjectNode o) {
    return o.fieldNames();
  }
}
