package dev.attache.control.gatewayapi.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * CA bundles and revocation lists as listeners use them (Envoy Gateway's
 * {@code filterValidCACertificates}, {@code appendDedupPEMCertsWithSeen} and {@code validateCrl}):
 * expired or malformed CAs are dropped from a bundle, duplicates are kept once, and a CRL must
 * parse and be current.
 */
public final class CaCertificates {
  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'").withZone(ZoneOffset.UTC);

  private CaCertificates() {}

  /** The valid certificates of a bundle; {@code error} explains what was dropped, {@code partial} if some remain. */
  public record Filtered(byte[] valid, String error, boolean partial) {
  }

  public static Filtered filterValid(byte[] data) {
    if (data.length == 0) {
      return new Filtered(new byte[0], "no certificate data provided", false);
    }
    List<String> errs = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Pem.Block block : Pem.decodeAll(data)) {
      String error;
      try {
        error = ServingCertificates.validity(ServingCertificates.parseCertificates(block.bytes()));
      } catch (CertificateException e) {
        error = "x509: malformed certificate";
      }
      if (error != null) {
        errs.add(error);
        continue;
      }
      out.writeBytes(Pem.encode(block));
    }
    if (out.size() == 0) {
      return new Filtered(new byte[0], errs.isEmpty() ? "unable to decode pem data for certificate"
          : String.join("\n", errs), false);
    }
    return new Filtered(out.toByteArray(), errs.isEmpty() ? null : String.join("\n", errs), !errs.isEmpty());
  }

  /** {@code dst} plus the blocks of {@code src}, certificates already seen (by DER hash) left out. */
  public static byte[] appendDedup(byte[] dst, byte[] src, Set<String> seen) {
    for (Pem.Block b : Pem.decodeAll(dst)) {
      if (b.type().equals("CERTIFICATE")) {
        seen.add(sha256(b.bytes()));
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(dst);
    for (Pem.Block b : Pem.decodeAll(src)) {
      if (b.type().equals("CERTIFICATE") && !seen.add(sha256(b.bytes()))) {
        continue;
      }
      out.writeBytes(Pem.encode(b));
    }
    return out.toByteArray();
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Null when the PEM CRL parses and is current, else why not. */
  public static String crlError(byte[] data) {
    Pem.Decoded d = Pem.decode(data);
    if (d.block() == null) {
      return "unable to decode pem data for CRL";
    }
    X509CRL crl;
    try {
      crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(d.block().bytes()));
    } catch (CertificateException | CRLException e) {
      return "failed to parse CRL: " + e.getMessage();
    }
    Date now = new Date();
    if (crl.getNextUpdate() != null && now.after(crl.getNextUpdate())) {
      return "CRL is expired (next update was due at " + GO_TIME.format(crl.getNextUpdate().toInstant()) + ")";
    }
    if (now.before(crl.getThisUpdate())) {
      return "CRL is not yet valid (this update starts at " + GO_TIME.format(crl.getThisUpdate().toInstant()) + ")";
    }
    return null;
  }

  /** The leaf certificates of a PEM bundle (for callers that need them parsed). */
  public static List<X509Certificate> parse(byte[] pem) {
    List<X509Certificate> out = new ArrayList<>();
    for (Pem.Block b : Pem.decodeAll(pem)) {
      try {
        out.addAll(ServingCertificates.parseCertificates(b.bytes()));
      } catch (CertificateException e) {
        // skipped: callers only want the parseable ones
      }
    }
    return out;
  }
}
