package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** HTTP/1 options of a listener. */
public record Http1Settings(
    @JsonProperty("enableTrailers") boolean enableTrailers,
    @JsonProperty("preserveHeaderCase") boolean preserveHeaderCase,
    @JsonProperty("http10") Http10Settings http10,
    @JsonProperty("disableSafeMaxConnectionDuration") boolean disableSafeMaxConnectionDuration,
    @JsonProperty("ignoredUpgradeTypes") List<StringMatch> ignoredUpgradeTypes) {
  public Http1Settings {
    ignoredUpgradeTypes = ignoredUpgradeTypes == null ? List.of() : List.copyOf(ignoredUpgradeTypes);
  }
}
