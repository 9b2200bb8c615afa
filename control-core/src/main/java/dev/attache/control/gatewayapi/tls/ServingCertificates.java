package dev.attache.control.gatewayapi.tls;

import dev.attache.control.resource.core.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Checks the certificate and key of TLS Secrets a listener serves, as Envoy Gateway's
 * {@code parseCertsFromTLSSecretsData}: every certificate of the chain must parse and be within
 * its validity period, the key must be PKCS#1, PKCS#8 or SEC 1 and belong to the leaf, and no
 * two certificates may cover the same domain with the same key algorithm. Secrets that pass come
 * back with their certificate and key re-encoded as Go re-encodes them.
 */
public final class ServingCertificates {
  public static final String CERT_KEY = "tls.crt";
  public static final String PRIVATE_KEY_KEY = "tls.key";
  private static final DateTimeFormatter GO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000 UTC'").withZone(ZoneOffset.UTC);

  private ServingCertificates() {}

  /** The outcome: the usable secrets, their leaf certificates, and the problems, if any. */
  public record Result(List<Secret> validSecrets, List<X509Certificate> certificates, String error, String reason) {
  }

  public static Result check(List<Secret> secrets) {
    List<String> errs = new ArrayList<>();
    List<Secret> valid = new ArrayList<>();
    List<X509Certificate> certs = new ArrayList<>();
    Map<String, String> seenAlgorithmDomains = new HashMap<>();
    for (Secret secret : secrets) {
      String id = secret.namespace() + "/" + secret.name();
      byte[] certData = data(secret, CERT_KEY);
      Chain chain = servingChain(certData);
      if (chain.error != null) {
        errs.add(id + " must contain valid tls.crt and tls.key, unable to validate certificate in tls.crt: " + chain.error);
        continue;
      }
      X509Certificate cert = chain.leaf;
      String algorithm = PrivateKeys.goAlgorithm(cert.getPublicKey().getAlgorithm());
      Pem.Block keyBlock = firstKeyBlock(data(secret, PRIVATE_KEY_KEY));
      if (keyBlock == null) {
        errs.add(id + " must contain valid tls.crt and tls.key, unable to decode pem data in tls.key");
        continue;
      }
      PrivateKey key = PrivateKeys.parse(keyBlock);
      if (key == null) {
        String format = switch (keyBlock.type()) {
          case "PRIVATE KEY" -> "PKCS8";
          case "RSA PRIVATE KEY" -> "PKCS1";
          case "EC PRIVATE KEY" -> "EC";
          default -> null;
        };
        errs.add(format == null
            ? id + " must contain valid tls.crt and tls.key, " + keyBlock.type()
                + " key format found in tls.key, supported formats are PKCS1, PKCS8 or EC"
            : id + " must contain valid tls.crt and tls.key, unable to parse " + format
                + " formatted private key in tls.key");
        continue;
      }
      String mismatch = PrivateKeys.mismatch(key, cert.getPublicKey());
      if (mismatch != null) {
        errs.add(id + " must contain a matching tls.crt and tls.key: " + mismatch);
        continue;
      }
      List<String> domains = dnsNames(cert);
      if (domains.isEmpty()) {
        String cn = commonName(cert);
        if (!cn.isEmpty()) {
          domains = List.of(cn);
        }
      }
      Set<String> seen = new HashSet<>();
      boolean conflict = false;
      for (String domain : domains) {
        if (!seen.add(domain)) {
          continue;
        }
        String k = algorithm + "/" + domain;
        if (seenAlgorithmDomains.containsKey(k)) {
          errs.add(id + " public key algorithm must be unique, certificate domain " + domain
              + " has a conflicting algorithm [" + algorithm + "]");
          conflict = true;
          break;
        }
        seenAlgorithmDomains.put(k, domain);
      }
      if (conflict) {
        continue;
      }
      Map<String, String> normalized = new LinkedHashMap<>(secret.data());
      normalized.put(CERT_KEY, Base64.getEncoder().encodeToString(chain.canonical));
      normalized.put(PRIVATE_KEY_KEY, Base64.getEncoder().encodeToString(Pem.encode(keyBlock)));
      valid.add(new Secret(secret.apiVersion(), secret.kind(), secret.metadata(), secret.immutable(), normalized,
          secret.stringData(), secret.type()));
      certs.add(cert);
    }
    if (!errs.isEmpty()) {
      String joined = String.join("\n", errs);
      if (certs.isEmpty()) {
        return new Result(List.of(), List.of(), joined, "InvalidCertificateRef");
      }
      return new Result(valid, certs, joined, "PartiallyInvalidCertificateRef");
    }
    return new Result(valid, certs, null, null);
  }

  /** The bytes under {@code key} in the Secret's data (empty when absent or not base64). */
  public static byte[] data(Secret secret, String key) {
    String value = secret.data() == null ? null : secret.data().get(key);
    if (value == null && secret.stringData() != null && secret.stringData().containsKey(key)) {
      return secret.stringData().get(key).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    if (value == null) {
      return new byte[0];
    }
    try {
      return Base64.getMimeDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      return new byte[0];
    }
  }

  private record Chain(byte[] canonical, X509Certificate leaf, String error) {
  }

  private static Chain servingChain(byte[] data) {
    if (data.length == 0) {
      return new Chain(null, null, "no certificate data provided");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    X509Certificate leaf = null;
    for (Pem.Block block : Pem.decodeAll(data)) {
      List<X509Certificate> parsed;
      try {
        parsed = parseCertificates(block.bytes());
      } catch (CertificateException e) {
        return new Chain(null, null, "x509: malformed certificate");
      }
      String validity = validity(parsed);
      if (validity != null) {
        return new Chain(null, null, validity);
      }
      if (leaf == null && !parsed.isEmpty()) {
        leaf = parsed.getFirst();
      }
      out.writeBytes(Pem.encode(block));
    }
    if (out.size() == 0) {
      return new Chain(null, null, "unable to decode pem data for certificate");
    }
    if (leaf == null) {
      return new Chain(null, null, "unable to decode pem data for certificate");
    }
    return new Chain(out.toByteArray(), leaf, null);
  }

  /** The certificates of one DER block (possibly several, as {@code x509.ParseCertificates}). */
  public static List<X509Certificate> parseCertificates(byte[] der) throws CertificateException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    Collection<? extends java.security.cert.Certificate> all = cf.generateCertificates(new ByteArrayInputStream(der));
    List<X509Certificate> out = new ArrayList<>();
    for (var c : all) {
      out.add((X509Certificate) c);
    }
    if (out.isEmpty()) {
      throw new CertificateException("no certificate");
    }
    return out;
  }

  /** Null when every certificate is within its validity period, else Go's message. */
  public static String validity(List<X509Certificate> certs) {
    for (X509Certificate c : certs) {
      try {
        c.checkValidity();
      } catch (CertificateExpiredException e) {
        return "certificate " + commonName(c) + " has expired since " + GO_TIME.format(c.getNotAfter().toInstant());
      } catch (CertificateNotYetValidException e) {
        return "certificate " + commonName(c) + " will be valid after " + GO_TIME.format(c.getNotBefore().toInstant());
      }
    }
    return null;
  }

  private static Pem.Block firstKeyBlock(byte[] data) {
    Pem.Block first = null;
    for (Pem.Block b : Pem.decodeAll(data)) {
      if (first == null) {
        first = b;
      }
      if (b.type().equals("PRIVATE KEY") || b.type().equals("RSA PRIVATE KEY") || b.type().equals("EC PRIVATE KEY")) {
        return b;
      }
    }
    return first;
  }

  /** The DNS names of a certificate's subject alternative names. */
  public static List<String> dnsNames(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      Collection<List<?>> sans = cert.getSubjectAlternativeNames();
      if (sans != null) {
        for (List<?> san : sans) {
          if (san.size() >= 2 && Integer.valueOf(2).equals(san.get(0))) {
            out.add(String.valueOf(san.get(1)));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      return out;
    }
    return out;
  }

  public static String commonName(X509Certificate cert) {
    try {
      LdapName name = new LdapName(cert.getSubjectX500Principal().getName());
      for (Rdn rdn : name.getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return String.valueOf(rdn.getValue());
        }
      }
    } catch (javax.naming.InvalidNameException e) {
      return "";
    }
    return "";
  }
}
