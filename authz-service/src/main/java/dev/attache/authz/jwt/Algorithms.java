package dev.attache.authz.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import dev.attache.authz.jwks.KeySet;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;

/**
 * The signature algorithms jwt_authn accepts and the key type each one needs: RS/PS with RSA
 * keys, ES256/384/512 with EC keys on P-256/384/521, EdDSA with Ed25519 keys, HS with
 * {@code oct} keys. A key of another type never verifies, so a token cannot choose HS256 and make
 * an RSA public key its HMAC secret. {@code none} is not an algorithm here.
 */
final class Algorithms {
  enum Family {
    RSA,
    EC,
    OKP,
    HMAC
  }

  private static final Map<String, Family> FAMILIES = Map.ofEntries(
      Map.entry("RS256", Family.RSA), Map.entry("RS384", Family.RSA), Map.entry("RS512", Family.RSA),
      Map.entry("PS256", Family.RSA), Map.entry("PS384", Family.RSA), Map.entry("PS512", Family.RSA),
      Map.entry("ES256", Family.EC), Map.entry("ES384", Family.EC), Map.entry("ES512", Family.EC),
      Map.entry("EdDSA", Family.OKP),
      Map.entry("HS256", Family.HMAC), Map.entry("HS384", Family.HMAC), Map.entry("HS512", Family.HMAC));

  private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

  private Algorithms() {}

  /** The key family of a supported algorithm, or null (including {@code none}). */
  static Family family(String alg) {
    return FAMILIES.get(alg);
  }

  /** Whether {@code key} may verify a token signed with {@code alg}. */
  static boolean fits(String alg, JWK key) {
    if (key.getAlgorithm() != null && !key.getAlgorithm().getName().equals(alg)) {
      return false;
    }
    Family f = family(alg);
    if (f == null) {
      return false;
    }
    return switch (f) {
      case RSA -> key instanceof RSAKey;
      case EC -> key instanceof ECKey ec && ec.getCurve().equals(curveOf(alg));
      case OKP -> key instanceof OctetKeyPair okp && Curve.Ed25519.equals(okp.getCurve());
      case HMAC -> key instanceof OctetSequenceKey;
    };
  }

  static Curve curveOf(String alg) {
    return switch (alg) {
      case "ES256" -> Curve.P_256;
      case "ES384" -> Curve.P_384;
      case "ES512" -> Curve.P_521;
      default -> null;
    };
  }

  /**
   * Verifies the signature with one key that {@link #fits} the algorithm. A key that cannot be
   * used (an HMAC secret shorter than the hash) simply does not verify.
   */
  static boolean verify(String alg, JWK key, KeySet keys, byte[] signingInput, Base64URL signature) {
    try {
      Object prepared = keys.prepared(key, Algorithms::prepare);
      return switch (prepared) {
        case Unusable u -> false;
        case Ec ec -> ecdsaInRange(signature.decode(), ec.order())
            // CVE-2022-21449: r and s must lie in [1, n-1] whatever the JDK's provider checks.
            && ec.verifier().verify(header(alg), signingInput, signature);
        case JWSVerifier v -> v.verify(header(alg), signingInput, signature);
        case PublicKey ed -> ed25519(ed, signingInput, signature.decode());
        default -> false;
      };
    } catch (JOSEException | GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  private static final Map<String, JWSHeader> HEADERS = Map.ofEntries(FAMILIES.keySet().stream()
      .map(a -> Map.entry(a, new JWSHeader(JWSAlgorithm.parse(a)))).toArray(Map.Entry[]::new));

  private static JWSHeader header(String alg) {
    return HEADERS.get(alg);
  }

  /** A key that cannot verify anything (an HMAC secret shorter than 256 bits). */
  private record Unusable() {}

  private record Ec(ECDSAVerifier verifier, BigInteger order) {}

  /** Decodes a JWK once into what verifies with it; the family was checked by {@link #fits}. */
  private static Object prepare(JWK key) {
    try {
      return switch (key) {
        case RSAKey rsa -> new RSASSAVerifier(rsa);
        case ECKey ec -> {
          ECPublicKey pub = ec.toECPublicKey();
          yield new Ec(new ECDSAVerifier(pub), pub.getParams().getOrder());
        }
        case OctetSequenceKey oct -> new MACVerifier(oct);
        case OctetKeyPair okp -> ed25519Key(okp);
        default -> new Unusable();
      };
    } catch (JOSEException | GeneralSecurityException | RuntimeException e) {
      return new Unusable();
    }
  }

  /** A JWS ECDSA signature is r||s, each as long as the curve's order; both must be in [1, n-1]. */
  static boolean ecdsaInRange(byte[] sig, BigInteger n) {
    int len = (n.bitLength() + 7) / 8;
    if (sig.length != 2 * len) {
      return false;
    }
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, len));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, len, 2 * len));
    return r.signum() > 0 && s.signum() > 0 && r.compareTo(n) < 0 && s.compareTo(n) < 0;
  }

  private static Object ed25519Key(OctetKeyPair key) throws GeneralSecurityException {
    byte[] x = key.getX().decode();
    if (x.length != 32) {
      return new Unusable();
    }
    byte[] spki = new byte[ED25519_SPKI_PREFIX.length + 32];
    System.arraycopy(ED25519_SPKI_PREFIX, 0, spki, 0, ED25519_SPKI_PREFIX.length);
    System.arraycopy(x, 0, spki, ED25519_SPKI_PREFIX.length, 32);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
  }

  private static boolean ed25519(PublicKey pub, byte[] input, byte[] sig) throws GeneralSecurityException {
    if (sig.length != 64) {
      return false;
    }
    Signature v = Signature.getInstance("Ed25519");
    v.initVerify(pub);
    v.update(input);
    return v.verify(sig);
  }
}
