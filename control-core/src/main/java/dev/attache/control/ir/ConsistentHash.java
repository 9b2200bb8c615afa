package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Consistent hashing. */
public record ConsistentHash(
    @JsonProperty("sourceIP") Boolean sourceIP,
    @JsonProperty("tableSize") Long tableSize) {
}
