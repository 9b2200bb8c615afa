package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** MaxMind database files, by what they answer. */
public record GeoIpMaxMindProvider(
    @JsonProperty("cityDbPath") String cityDbPath,
    @JsonProperty("countryDbPath") String countryDbPath,
    @JsonProperty("asnDbPath") String asnDbPath,
    @JsonProperty("ispDbPath") String ispDbPath,
    @JsonProperty("anonymousIpDbPath") String anonymousIpDbPath) {
}
