package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** TLS towards a backend (Upstream's TLSConfig fields are inlined). */
public record TlsUpstreamConfig(
    @JsonProperty("sni") String sni,
    @JsonProperty("autoSNIFromEndpointHostname") boolean autoSNIFromEndpointHostname,
    @JsonProperty("useSystemTrustStore") boolean useSystemTrustStore,
    @JsonProperty("caCertificate") TlsCaCertificate caCertificate,
    @JsonProperty("subjectAltNames") List<SubjectAltName> subjectAltNames,
    @JsonProperty("insecureSkipVerify") boolean insecureSkipVerify,
    @JsonProperty("certificates") List<TlsCertificate> certificates,
    @JsonProperty("clientCertificates") List<TlsCertificate> clientCertificates,
    @JsonProperty("minVersion") String minVersion,
    @JsonProperty("maxVersion") String maxVersion,
    @JsonProperty("ciphers") List<String> ciphers,
    @JsonProperty("ecdhCurves") List<String> ecdhCurves,
    @JsonProperty("signatureAlgorithms") List<String> signatureAlgorithms,
    @JsonProperty("alpnProtocols") List<String> alpnProtocols) {
  public TlsUpstreamConfig {
    subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
    certificates = certificates == null ? List.of() : List.copyOf(certificates);
    clientCertificates = clientCertificates == null ? List.of() : List.copyOf(clientCertificates);
    ciphers = ciphers == null ? List.of() : List.copyOf(ciphers);
    ecdhCurves = ecdhCurves == null ? List.of() : List.copyOf(ecdhCurves);
    signatureAlgorithms = signatureAlgorithms == null ? List.of() : List.copyOf(signatureAlgorithms);
    alpnProtocols = alpnProtocols == null ? List.of() : List.copyOf(alpnProtocols);
  }
}
