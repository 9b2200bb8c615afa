package dev.attache.control.gatewayapi.tls;

import java.io.ByteArrayOutputStream;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

/**
 * Private keys in the three PEM forms Envoy Gateway accepts (PKCS#8 {@code PRIVATE KEY}, PKCS#1
 * {@code RSA PRIVATE KEY}, SEC 1 {@code EC PRIVATE KEY}), read with the JDK alone: the last two
 * are wrapped into PKCS#8 first. Also checks that a key belongs to a certificate's public key.
 */
public final class PrivateKeys {
  private static final byte[] RSA_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01};
  private static final byte[] EC_OID = {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01};

  private PrivateKeys() {}

  /** The key of a PEM block, or null when its bytes are not a key of that form. */
  public static PrivateKey parse(Pem.Block block) {
    try {
      return switch (block.type()) {
        case "PRIVATE KEY" -> pkcs8(block.bytes());
        case "RSA PRIVATE KEY" -> pkcs8(wrap(algorithm(RSA_OID, new byte[] {0x05, 0x00}), block.bytes()));
        case "EC PRIVATE KEY" -> {
          byte[] curve = sec1Curve(block.bytes());
          yield curve == null ? null : pkcs8(wrap(algorithm(EC_OID, curve), block.bytes()));
        }
        default -> null;
      };
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static PrivateKey pkcs8(byte[] der) {
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (java.security.GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    return null;
  }

  /** Go's names for key algorithms: RSA, ECDSA, Ed25519. */
  public static String goAlgorithm(String javaAlgorithm) {
    return switch (javaAlgorithm) {
      case "EC" -> "ECDSA";
      case "EdDSA", "Ed25519" -> "Ed25519";
      default -> javaAlgorithm;
    };
  }

  /** Null when {@code key} is the private half of {@code publicKey}; else Go's tls error. */
  public static String mismatch(PrivateKey key, PublicKey publicKey) {
    String keyAlg = goAlgorithm(key.getAlgorithm());
    String pubAlg = goAlgorithm(publicKey.getAlgorithm());
    if (!keyAlg.equals(pubAlg)) {
      return "tls: private key type does not match public key type";
    }
    if (key instanceof RSAPrivateCrtKey rsa && publicKey instanceof RSAPublicKey pub) {
      return rsa.getModulus().equals(pub.getModulus()) && rsa.getPublicExponent().equals(pub.getPublicExponent())
          ? null : "tls: private key does not match public key";
    }
    try {
      String sigAlg = switch (keyAlg) {
        case "ECDSA" -> "SHA256withECDSA";
        case "RSA" -> "SHA256withRSA";
        default -> key.getAlgorithm();
      };
      byte[] probe = "attache key pair check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      Signature s = Signature.getInstance(sigAlg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      Signature v = Signature.getInstance(sigAlg);
      v.initVerify(publicKey);
      v.update(probe);
      return v.verify(sig) ? null : "tls: private key does not match public key";
    } catch (java.security.GeneralSecurityException e) {
      return "tls: private key does not match public key";
    }
  }

  // --- minimal DER: just enough to wrap keys into PKCS#8 and find a SEC 1 key's curve.

  private static byte[] algorithm(byte[] oid, byte[] parameters) {
    return tlv(0x30, concat(tlv(0x06, oid), parameters));
  }

  private static byte[] wrap(byte[] algorithm, byte[] key) {
    return tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, algorithm, tlv(0x04, key)));
  }

  /** The curve OID (as a DER OBJECT IDENTIFIER) in a SEC 1 key's parameters, or null. */
  private static byte[] sec1Curve(byte[] der) {
    int[] seq = header(der, 0);
    if (der[0] != 0x30) {
      return null;
    }
    int pos = seq[0];
    int end = seq[0] + seq[1];
    while (pos < end) {
      int tag = der[pos] & 0xff;
      int[] h = header(der, pos);
      if (tag == 0xa0) {
        int inner = h[0];
        if ((der[inner] & 0xff) != 0x06) {
          return null;
        }
        int[] oid = header(der, inner);
        byte[] out = new byte[oid[0] + oid[1] - inner];
        System.arraycopy(der, inner, out, 0, out.length);
        return out;
      }
      pos = h[0] + h[1];
    }
    return null;
  }

  /** {content offset, content length} of the element at {@code pos}. */
  private static int[] header(byte[] der, int pos) {
    int len = der[pos + 1] & 0xff;
    int offset = pos + 2;
    if (len > 0x7f) {
      int n = len & 0x7f;
      len = 0;
      for (int i = 0; i < n; i++) {
        len = (len << 8) | (der[offset + i] & 0xff);
      }
      offset += n;
    }
    return new int[] {offset, len};
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = content.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >> 8);
      out.write(len);
    } else {
      out.write(0x83);
      out.write(len >> 16);
      out.write(len >> 8);
      out.write(len);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
