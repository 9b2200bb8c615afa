package dev.attache.control.gatewayapi.status;

/** Listener condition types and reasons (Gateway API's, and Envoy Gateway's own). */
public final class ListenerConditions {
  public static final String ACCEPTED = "Accepted";
  public static final String PROGRAMMED = "Programmed";
  public static final String RESOLVED_REFS = "ResolvedRefs";
  public static final String CONFLICTED = "Conflicted";
  public static final String OVERLAPPING_TLS_CONFIG = "OverlappingTLSConfig";

  public static final String REASON_ACCEPTED = "Accepted";
  public static final String REASON_PROGRAMMED = "Programmed";
  public static final String REASON_RESOLVED_REFS = "ResolvedRefs";
  public static final String REASON_INVALID = "Invalid";
  public static final String REASON_UNSUPPORTED_PROTOCOL = "UnsupportedProtocol";
  public static final String REASON_INVALID_ROUTE_KINDS = "InvalidRouteKinds";
  public static final String REASON_INVALID_CERTIFICATE_REF = "InvalidCertificateRef";
  public static final String REASON_PARTIALLY_INVALID_CERTIFICATE_REF = "PartiallyInvalidCertificateRef";
  public static final String REASON_REF_NOT_PERMITTED = "RefNotPermitted";
  public static final String REASON_HOSTNAME_CONFLICT = "HostnameConflict";
  public static final String REASON_PROTOCOL_CONFLICT = "ProtocolConflict";
  public static final String REASON_NO_CONFLICTS = "NoConflicts";
  public static final String REASON_OVERLAPPING_HOSTNAMES = "OverlappingHostnames";
  public static final String REASON_OVERLAPPING_CERTIFICATES = "OverlappingCertificates";
  public static final String REASON_SDS_CERTIFICATE_OPAQUE = "SDSCertificateOpaque";
  public static final String REASON_INVALID_CA_CERTIFICATE_REF = "InvalidCACertificateRef";
  public static final String REASON_INVALID_CA_CERTIFICATE_KIND = "InvalidCACertificateKind";
  public static final String REASON_NO_VALID_CA_CERTIFICATE = "NoValidCACertificate";

  public static final String MSG_PROGRAMMED = "Sending translated listener configuration to the data plane";
  public static final String MSG_ACCEPTED = "Listener has been successfully translated";
  public static final String MSG_RESOLVED_REFS = "Listener references have been resolved";
  public static final String MSG_INVALID = "Listener is invalid, see other Conditions for details.";

  private ListenerConditions() {}
}
