package dev.attache.authz.testing;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

/** Test keys and tokens: one generated key of each kind, reused across tests (generation is slow). */
public final class Keys {
  public static final String ISSUER = "https://issuer.test";
  public static final RSAKey RSA = rsa("rsa-1");
  public static final RSAKey RSA_2 = rsa("rsa-2");
  public static final ECKey EC256 = ec(Curve.P_256, "ec-256");
  public static final ECKey EC384 = ec(Curve.P_384, "ec-384");
  public static final ECKey EC521 = ec(Curve.P_521, "ec-521");
  public static final OctetSequenceKey HMAC = hmac("hs-1");
  public static final Ed25519 ED = ed25519("ed-1");

  private Keys() {}

  /** An Ed25519 key pair made with the JDK (nimbus' own Ed25519 signer needs Tink). */
  public record Ed25519(OctetKeyPair publicJwk, KeyPair pair) {
    public String sign(String signingInput) {
      try {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(pair.getPrivate());
        s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return Base64URL.encode(s.sign()).toString();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static RSAKey rsa(String kid) {
    try {
      return new RSAKeyGenerator(2048).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static ECKey ec(Curve c, String kid) {
    try {
      return new ECKeyGenerator(c).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static OctetSequenceKey hmac(String kid) {
    try {
      return new OctetSequenceKeyGenerator(512).keyID(kid).generate();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static Ed25519 ed25519(String kid) {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      byte[] spki = kp.getPublic().getEncoded();
      byte[] x = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
      OctetKeyPair jwk = new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(kid).build();
      return new Ed25519(jwk, kp);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** JWKS JSON with the public parts of {@code keys} (oct keys are kept: they are the HMAC secret). */
  public static String jwks(JWK... keys) {
    List<JWK> pub = new java.util.ArrayList<>();
    for (JWK k : keys) {
      pub.add(k instanceof OctetSequenceKey ? k : k.toPublicJWK());
    }
    return new JWKSet(pub).toString(false);
  }

  /** Claims valid for an hour from now, issued by {@link #ISSUER} to {@code aud}. */
  public static JWTClaimsSet.Builder claims(String sub, String aud) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder().issuer(ISSUER).subject(sub).audience(aud)
        .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(3600)));
  }

  public static String sign(JWK key, JWSAlgorithm alg, JWTClaimsSet claims) {
    return sign(key, new JWSHeader.Builder(alg).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
  }

  public static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) {
    try {
      JWSSigner signer = switch (key) {
        case RSAKey r -> new RSASSASigner(r);
        case ECKey e -> new ECDSASigner(e);
        case OctetSequenceKey o -> new MACSigner(o);
        default -> throw new IllegalArgumentException(key.getKeyType().toString());
      };
      SignedJWT jwt = new SignedJWT(header, claims);
      jwt.sign(signer);
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String rs256(JWTClaimsSet claims) {
    return sign(RSA, JWSAlgorithm.RS256, claims);
  }

  /** An EdDSA token signed with {@link #ED}. */
  public static String eddsa(JWTClaimsSet claims) {
    String h = b64("{\"alg\":\"EdDSA\",\"kid\":\"" + ED.publicJwk().getKeyID() + "\"}");
    String p = Base64URL.encode(claims.toString()).toString();
    return h + "." + p + "." + ED.sign(h + "." + p);
  }

  /** A token from raw header and payload JSON and a raw signature part. */
  public static String raw(String headerJson, String payloadJson, String signature) {
    return b64(headerJson) + "." + b64(payloadJson) + "." + signature;
  }

  public static String b64(String json) {
    return Base64URL.encode(json.getBytes(StandardCharsets.UTF_8)).toString();
  }

  public static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }
}
