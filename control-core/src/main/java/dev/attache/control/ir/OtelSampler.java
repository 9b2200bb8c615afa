package dev.attache.control.ir;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The OpenTelemetry sampler. */
public record OtelSampler(
    @JsonProperty("type") String type,
    @JsonProperty("samplingPercentage") Fraction samplingPercentage) {
  public OtelSampler {
    type = type == null ? "" : type;
  }
}
