package dev.attache.control.gatewayapi.context;

import dev.attache.control.resource.meta.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Kubernetes resource quantities ({@code 1Ki}, {@code 20Mi}, {@code 1.5G}, {@code 100}) as whole
 * numbers, as apimachinery's {@code Quantity.AsInt64}.
 */
public final class Quantities {
  private Quantities() {}

  /** The quantity as a long, or null when it is absent or not a whole number. */
  public static Long asLong(Quantity quantity) {
    return quantity == null ? null : quantity.asLong();
  }

  /** The value as a long, or null when it is not a quantity or not a whole number. */
  public static Long asLong(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String[][] suffixes = {
        {"Ki", "1024"}, {"Mi", "1048576"}, {"Gi", "1073741824"}, {"Ti", "1099511627776"},
        {"Pi", "1125899906842624"}, {"Ei", "1152921504606846976"},
        {"k", "1000"}, {"M", "1000000"}, {"G", "1000000000"}, {"T", "1000000000000"},
        {"P", "1000000000000000"}, {"E", "1000000000000000000"}, {"m", "0.001"}};
    String number = text;
    BigDecimal multiplier = BigDecimal.ONE;
    for (String[] s : suffixes) {
      if (text.endsWith(s[0])) {
        number = text.substring(0, text.length() - s[0].length());
        multiplier = new BigDecimal(s[1]);
        break;
      }
    }
    try {
      BigDecimal value = new BigDecimal(number).multiply(multiplier);
      BigDecimal whole = value.setScale(0, RoundingMode.UP);
      if (whole.compareTo(value) != 0) {
        return null;
      }
      return whole.longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }
}
