package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A fraction; the denominator defaults to 100. */
public record Fraction(
    @JsonProperty("numerator") int numerator,
    @JsonProperty("denominator") Integer denominator) {
}
