package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a listener looks client addresses up for geolocation-based authorization. */
public record GeoIpProvider(
    @JsonProperty("maxMind") GeoIpMaxMindProvider maxMind) {
}
