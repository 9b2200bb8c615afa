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
}
