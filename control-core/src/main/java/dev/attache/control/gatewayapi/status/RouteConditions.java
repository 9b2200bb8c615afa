package dev.attache.control.gatewayapi.status;

/** Route condition types and reasons, with Gateway API's and Envoy Gateway's spellings. */
public final class RouteConditions {
  public static final String ACCEPTED = "Accepted";
  public static final String RESOLVED_REFS = "ResolvedRefs";
  public static final String PARTIALLY_INVALID = "PartiallyInvalid";
  public static final String BACKENDS_AVAILABLE = "BackendsAvailable";
  public static final String ROUTE_RULES_OVERLAP = "RouteRulesOverlap";

  public static final String REASON_ACCEPTED = "Accepted";
  public static final String REASON_RESOLVED_REFS = "ResolvedRefs";
  public static final String REASON_NOT_ALLOWED_BY_LISTENERS = "NotAllowedByListeners";
  public static final String REASON_NO_MATCHING_LISTENER_HOSTNAME = "NoMatchingListenerHostname";
  public static final String REASON_NO_MATCHING_PARENT = "NoMatchingParent";
  public static final String REASON_UNSUPPORTED_VALUE = "UnsupportedValue";
  public static final String REASON_REF_NOT_PERMITTED = "RefNotPermitted";
  public static final String REASON_INVALID_KIND = "InvalidKind";
  public static final String REASON_BACKEND_NOT_FOUND = "BackendNotFound";
  public static final String REASON_UNSUPPORTED_REF_VALUE = "UnsupportedRefValue";
  public static final String REASON_INVALID_BACKEND_REF = "InvalidBackendRef";
  public static final String REASON_INVALID_BACKEND_TLS = "InvalidBackendTLS";
  public static final String REASON_INVALID_BACKEND_FILTERS = "InvalidBackendFilters";
  public static final String REASON_PORT_NOT_FOUND = "PortNotFound";
  public static final String REASON_PORT_NOT_SPECIFIED = "PortNotSpecified";
  public static final String REASON_UNSUPPORTED_ADDRESS_TYPE = "UnsupportedAddressType";
  public static final String REASON_INVALID_ADDRESS = "InvalidAddress";
  public static final String REASON_ENDPOINTS_NOT_FOUND = "EndpointsNotFound";
  public static final String REASON_ROUTE_RULES_OVERLAP = "RouteRulesOverlap";
  public static final String REASON_INCOMPATIBLE_FILTERS = "IncompatibleFilters";

  public static final String MSG_ACCEPTED = "Route is accepted";
  public static final String MSG_RESOLVED_REFS = "Resolved all the Object references for the Route";

  private RouteConditions() {}
}
