package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Downstream TLS: certificates, client validation and protocol settings. {@code alpnProtocols}
 * stays null when absent: absent means the default (h2, http/1.1), empty means none.
 */
public record TlsConfig(
    @JsonProperty("certificates") List<TlsCertificate> certificates,
    @JsonProperty("clientCertificates") List<TlsCertificate> clientCertificates,
    @JsonProperty("caCertificate") TlsCaCertificate caCertificate,
    @JsonProperty("requireClientCertificate") boolean requireClientCertificate,
    @JsonProperty("clientValidationEnabled") boolean clientValidationEnabled,
    @JsonProperty("acceptUntrusted") boolean acceptUntrusted,
    @JsonProperty("allowExpiredCertificate") boolean allowExpiredCertificate,
    @JsonProperty("verifyCertificateSpki") List<String> verifyCertificateSpki,
    @JsonProperty("verifyCertificateHash") List<String> verifyCertificateHash,
    @JsonProperty("crl") TlsCrl crl,
    @JsonProperty("matchTypedSubjectAltNames") List<StringMatch> matchTypedSubjectAltNames,
    @JsonProperty("minVersion") String minVersion,
    @JsonProperty("maxVersion") String maxVersion,
    @JsonProperty("ciphers") List<String> ciphers,
    @JsonProperty("ecdhCurves") List<String> ecdhCurves,
    @JsonProperty("signatureAlgorithms") List<String> signatureAlgorithms,
    @JsonProperty("alpnProtocols") @JsonInclude(JsonInclude.Include.NON_NULL) List<String> alpnProtocols,
    @JsonProperty("statelessSessionResumption") boolean statelessSessionResumption,
    @JsonProperty("statefulSessionResumption") boolean statefulSessionResumption,
    @JsonProperty("fingerprints") List<String> fingerprints) {
  public TlsConfig {
    certificates = certificates == null ? List.of() : List.copyOf(certificates);
    clientCertificates = clientCertificates == null ? List.of() : List.copyOf(clientCertificates);
    verifyCertificateSpki = verifyCertificateSpki == null ? List.of() : List.copyOf(verifyCertificateSpki);
    verifyCertificateHash = verifyCertificateHash == null ? List.of() : List.copyOf(verifyCertificateHash);
    matchTypedSubjectAltNames = matchTypedSubjectAltNames == null ? List.of() : List.copyOf(matchTypedSubjectAltNames);
    ciphers = ciphers == null ? List.of() : List.copyOf(ciphers);
    ecdhCurves = ecdhCurves == null ? List.of() : List.copyOf(ecdhCurves);
    signatureAlgorithms = signatureAlgorithms == null ? List.of() : List.copyOf(signatureAlgorithms);
    fingerprints = fingerprints == null ? List.of() : List.copyOf(fingerprints);
  }

  /** A builder with every setting absent (null, empty or false). */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TlsConfig} by name; settings not given are absent (null, empty or false). */
  public static final class Builder {
    private List<TlsCertificate> certificates;
    private List<TlsCertificate> clientCertificates;
    private TlsCaCertificate caCertificate;
    private boolean requireClientCertificate;
    private boolean clientValidationEnabled;
    private boolean acceptUntrusted;
    private boolean allowExpiredCertificate;
    private List<String> verifyCertificateSpki;
    private List<String> verifyCertificateHash;
    private TlsCrl crl;
    private List<StringMatch> matchTypedSubjectAltNames;
    private String minVersion;
    private String maxVersion;
    private List<String> ciphers;
    private List<String> ecdhCurves;
    private List<String> signatureAlgorithms;
    private List<String> alpnProtocols;
    private boolean statelessSessionResumption;
    private boolean statefulSessionResumption;
    private List<String> fingerprints;

    private Builder() {
    }

    public Builder certificates(List<TlsCertificate> v) {
      certificates = v;
      return this;
    }

    public Builder clientCertificates(List<TlsCertificate> v) {
      clientCertificates = v;
      return this;
    }

    public Builder caCertificate(TlsCaCertificate v) {
      caCertificate = v;
      return this;
    }

    public Builder requireClientCertificate(boolean v) {
      requireClientCertificate = v;
      return this;
    }

    public Builder clientValidationEnabled(boolean v) {
      clientValidationEnabled = v;
      return this;
    }

    public Builder acceptUntrusted(boolean v) {
      acceptUntrusted = v;
      return this;
    }

    public Builder allowExpiredCertificate(boolean v) {
      allowExpiredCertificate = v;
      return this;
    }

    public Builder verifyCertificateSpki(List<String> v) {
      verifyCertificateSpki = v;
      return this;
    }

    public Builder verifyCertificateHash(List<String> v) {
      verifyCertificateHash = v;
      return this;
    }

    public Builder crl(TlsCrl v) {
      crl = v;
      return this;
    }

    public Builder matchTypedSubjectAltNames(List<StringMatch> v) {
      matchTypedSubjectAltNames = v;
      return this;
    }

    public Builder minVersion(String v) {
      minVersion = v;
      return this;
    }

    public Builder maxVersion(String v) {
      maxVersion = v;
      return this;
    }

    public Builder ciphers(List<String> v) {
      ciphers = v;
      return this;
    }

    public Builder ecdhCurves(List<String> v) {
      ecdhCurves = v;
      return this;
    }

    public Builder signatureAlgorithms(List<String> v) {
      signatureAlgorithms = v;
      return this;
    }

    public Builder alpnProtocols(List<String> v) {
      alpnProtocols = v;
      return this;
    }

    public Builder statelessSessionResumption(boolean v) {
      statelessSessionResumption = v;
      return this;
    }

    public Builder statefulSessionResumption(boolean v) {
      statefulSessionResumption = v;
      return this;
    }

    public Builder fingerprints(List<String> v) {
      fingerprints = v;
      return this;
    }

    public TlsConfig build() {
      return new TlsConfig(certificates, clientCertificates, caCertificate, requireClientCertificate, clientValidationEnabled, acceptUntrusted, allowExpiredCertificate, verifyCertificateSpki, verifyCertificateHash, crl, matchTypedSubjectAltNames, minVersion, maxVersion, ciphers, ecdhCurves, signatureAlgorithms, alpnProtocols, statelessSessionResumption, statefulSessionResumption, fingerprints);
    }
  }
}
