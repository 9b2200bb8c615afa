package dev.attache.control.xds.translate;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Kubernetes resource quantities ({@code 4Mi}, {@code 10k}, {@code 1e3}) as whole numbers. */
final class Quantities {
  private static final Pattern QUANTITY =
      Pattern.compile("([+-]?[0-9.]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?");
  private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
      Map.entry("Ki", BigDecimal.valueOf(1L << 10)), Map.entry("Mi", BigDecimal.valueOf(1L << 20)),
      Map.entry("Gi", BigDecimal.valueOf(1L << 30)), Map.entry("Ti", BigDecimal.valueOf(1L << 40)),
      Map.entry("Pi", BigDecimal.valueOf(1L << 50)), Map.entry("Ei", BigDecimal.valueOf(1L << 60)),
      Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
      Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
      Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
      Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
      Map.entry("E", new BigDecimal("1e18")));

  private Quantities() {}

  /** The quantity as a whole number; an error when it is not one or not a quantity. */
  static long wholeNumber(String quantity) {
    Matcher m = QUANTITY.matcher(quantity == null ? "" : quantity.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid quantity " + quantity);
    }
    BigDecimal value = new BigDecimal(m.group(1));
    String suffix = m.group(2);
    if (suffix != null) {
      value = suffix.startsWith("e") || suffix.startsWith("E")
          ? value.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)))
          : value.multiply(SUFFIXES.get(suffix));
    }
    try {
      return value.longValueExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("invalid Limit value " + quantity, e);
    }
  }
}
