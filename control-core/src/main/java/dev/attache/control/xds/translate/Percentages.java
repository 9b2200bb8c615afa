package dev.attache.control.xds.translate;

import io.envoyproxy.envoy.type.v3.FractionalPercent;

/** Percentages as Envoy fractions, rounded as Envoy Gateway rounds them. */
final class Percentages {
  private Percentages() {}

  /** {@code p} percent as parts per million (a float32 multiplied then truncated). */
  static FractionalPercent fromFloat(float p) {
    return FractionalPercent.newBuilder().setNumerator((int) (p * 10000f))
        .setDenominator(FractionalPercent.DenominatorType.MILLION).build();
  }
}
