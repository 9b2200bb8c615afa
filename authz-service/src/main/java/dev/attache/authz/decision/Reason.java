package dev.attache.authz.decision;

/**
 * Why a request was denied (or allowed): a stable code for the response header and the metric,
 * and the HTTP status Envoy answers with. Codes of JWT failures follow jwt_authn's statuses.
 */
public enum Reason {
  ALLOWED("allowed", 200),
  POLICY_MISSING("policy_missing", 403),
  POLICY_UNKNOWN("policy_unknown", 403),
  JWT_MISSING("jwt_missing", 401),
  JWT_INVALID("jwt_invalid", 401),
  JWT_EXPIRED("jwt_expired", 401),
  JWT_NOT_YET_VALID("jwt_not_yet_valid", 401),
  JWT_UNKNOWN_ISSUER("jwt_unknown_issuer", 401),
  JWT_AUDIENCE_NOT_ALLOWED("jwt_audience_not_allowed", 403),
  JWT_UNKNOWN_KID("jwt_unknown_kid", 401),
  JWT_BAD_SIGNATURE("jwt_bad_signature", 401),
  JWT_ALG_NOT_ALLOWED("jwt_alg_not_allowed", 401),
  JWT_TOO_LARGE("jwt_too_large", 401),
  JWKS_UNAVAILABLE("jwks_unavailable", 401),
  APIKEY_MISSING("apikey_missing", 401),
  APIKEY_INVALID("apikey_invalid", 401),
  BASIC_MISSING("basic_missing", 401),
  BASIC_INVALID("basic_invalid", 401),
  AUTHZ_DENIED("authz_denied", 403),
  INTERNAL("internal", 500);

  private final String code;
  private final int httpStatus;

  Reason(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
