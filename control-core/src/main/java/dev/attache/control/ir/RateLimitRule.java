package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** One rate-limit rule: what it matches and its limit. */
public record RateLimitRule(
    @JsonInclude(JsonInclude.Include.ALWAYS) @JsonProperty("headerMatches") List<StringMatch> headerMatches,
    @JsonProperty("pathMatch") StringMatch pathMatch,
    @JsonProperty("methodMatches") List<StringMatch> methodMatches,
    @JsonProperty("cidrMatch") CidrMatch cidrMatch,
    @JsonProperty("queryParamMatches") List<StringMatch> queryParamMatches,
    @JsonProperty("limit") RateLimitValue limit,
    @JsonProperty("requestCost") RateLimitCost requestCost,
    @JsonProperty("responseCost") RateLimitCost responseCost,
    @JsonProperty("shared") Boolean shared,
    @JsonProperty("shadowMode") Boolean shadowMode,
    @JsonProperty("xRateLimitOption") String xRateLimitOption,
    @JsonProperty("name") String name) {
  public RateLimitRule {
    headerMatches = headerMatches == null ? List.of() : List.copyOf(headerMatches);
    methodMatches = methodMatches == null ? List.of() : List.copyOf(methodMatches);
    queryParamMatches = queryParamMatches == null ? List.of() : List.copyOf(queryParamMatches);
    name = name == null ? "" : name;
  }
}
