package dev.attache.ratelimit.service;

/**
 * The response-shaping settings of envoyproxy/ratelimit.
 *
 * @param globalShadowMode {@code SHADOW_MODE}: never answer OVER_LIMIT (counted in global_shadow_mode)
 * @param globalQuotaMode {@code QUOTA_MODE}: every limit is a quota
 * @param responseHeaders {@code LIMIT_RESPONSE_HEADERS_ENABLED}
 * @param limitHeader {@code LIMIT_LIMIT_HEADER}
 * @param remainingHeader {@code LIMIT_REMAINING_HEADER}
 * @param resetHeader {@code LIMIT_RESET_HEADER}
 * @param dynamicMetadata {@code RESPONSE_DYNAMIC_METADATA}
 */
public record ServiceSettings(
    boolean globalShadowMode,
    boolean globalQuotaMode,
    boolean responseHeaders,
    String limitHeader,
    String remainingHeader,
    String resetHeader,
    boolean dynamicMetadata) {

  public static ServiceSettings defaults() {
    return new ServiceSettings(false, false, false, "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", false);
  }

  public ServiceSettings withResponseHeaders(boolean on) {
    return new ServiceSettings(globalShadowMode, globalQuotaMode, on, limitHeader, remainingHeader, resetHeader, dynamicMetadata);
  }

  public ServiceSettings withGlobalShadowMode(boolean on) {
    return new ServiceSettings(on, globalQuotaMode, responseHeaders, limitHeader, remainingHeader, resetHeader, dynamicMetadata);
  }

  public ServiceSettings withGlobalQuotaMode(boolean on) {
    return new ServiceSettings(globalShadowMode, on, responseHeaders, limitHeader, remainingHeader, resetHeader, dynamicMetadata);
  }

  public ServiceSettings withDynamicMetadata(boolean on) {
    return new ServiceSettings(globalShadowMode, globalQuotaMode, responseHeaders, limitHeader, remainingHeader, resetHeader, on);
  }
}
