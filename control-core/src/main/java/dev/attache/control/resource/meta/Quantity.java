package dev.attache.control.resource.meta;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;

/**
 * A Kubernetes resource quantity ({@code 1Ki}, {@code 1.5G}, {@code 100m}, {@code 1e3}) as
 * apimachinery's {@code resource.Quantity}: an exact amount (rounded up to nano units), read with
 * its suffix rules and written in its canonical form ({@code 1000G} is written {@code 1T},
 * {@code 1.5Gi} is {@code 1536Mi}), except that text already written canonically is kept as it
 * was given, as apimachinery keeps it.
 */
public final class Quantity {
  private static final String SYNTAX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
  private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);
  private static final BigDecimal BINARY_STEP = BigDecimal.valueOf(1024);
  private static final int NANO = -9;
  private static final Map<String, Integer> DECIMAL = Map.of(
      "n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
  private static final Map<String, Integer> BINARY = Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
  private static final String[] DECIMAL_SUFFIXES = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
  private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

  private enum Format { DECIMAL_EXPONENT, BINARY_SI, DECIMAL_SI }

  private final BigDecimal value;
  private final String text;

  private Quantity(BigDecimal value, String text) {
    this.value = value;
    this.text = text;
  }

  /** Reads {@code text}; fails with apimachinery's message when it is not a quantity. */
  @JsonCreator
  public static Quantity parse(String text) {
    requireNonNull(text, "text");
    String s = text.strip();
    if (s.isEmpty()) {
      throw new IllegalArgumentException(formatWrong());
    }
    if (s.equals("0")) {
      return new Quantity(BigDecimal.ZERO, s);
    }
    Parts p = Parts.of(s);
    Format format;
    int base;
    int exponent;
    if (DECIMAL.containsKey(p.suffix)) {
      format = Format.DECIMAL_SI;
      base = 10;
      exponent = DECIMAL.get(p.suffix);
    } else if (BINARY.containsKey(p.suffix)) {
      format = Format.BINARY_SI;
      base = 2;
      exponent = BINARY.get(p.suffix);
    } else if (p.suffix.length() > 1 && (p.suffix.charAt(0) == 'e' || p.suffix.charAt(0) == 'E')) {
      format = Format.DECIMAL_EXPONENT;
      base = 10;
      try {
        exponent = Integer.parseInt(p.suffix.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("unable to parse quantity's suffix");
      }
    } else {
      throw new IllegalArgumentException("unable to parse quantity's suffix");
    }

    BigDecimal amount;
    try {
      amount = new BigDecimal(p.value.endsWith(".") ? p.value + "0" : p.value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("unable to parse numeric part of quantity");
    }
    amount = base == 10 ? amount.scaleByPowerOfTen(exponent) : amount.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(exponent)));
    if (amount.scale() > -NANO) {
      // a request for some amount gets at least the smallest representable one
      amount = amount.setScale(-NANO, RoundingMode.UP);
    }
    if (format == Format.BINARY_SI && amount.abs().compareTo(MAX_BINARY) > 0) {
      amount = amount.signum() < 0 ? MAX_BINARY.negate() : MAX_BINARY;
    }
    if (format == Format.BINARY_SI && amount.abs().compareTo(BigDecimal.ONE) < 0) {
      format = Format.DECIMAL_SI;
    }
    String kept = alreadyCanonical(s, p, format, exponent) ? s : null;
    return new Quantity(amount, kept != null ? kept : canonical(amount, format));
  }

  /** A quantity written as a whole number, read as apimachinery reads its JSON text. */
  @JsonCreator
  public static Quantity of(long value) {
    return parse(Long.toString(value));
  }

  /** A quantity written as a decimal number, read as apimachinery reads its JSON text. */
  @JsonCreator
  public static Quantity of(double value) {
    return parse(BigDecimal.valueOf(value).toPlainString());
  }

  /**
   * apimachinery keeps the text it was given when its fast path sees it is canonical already
   * (this keeps a leading {@code +} or zeros, as it does).
   */
  private static boolean alreadyCanonical(String s, Parts p, Format format, int exponent) {
    String shifted = p.num + p.denom;
    int precision;
    int scale;
    if (format == Format.BINARY_SI) {
      if (exponent < 0 || !p.denom.isEmpty()) {
        return false;
      }
      scale = 0;
      precision = 15 - p.num.length() - (int) (exponent * 3f / 10) - 1;
    } else {
      scale = exponent - p.denom.length();
      precision = 18 - p.num.length() - p.denom.length();
    }
    if (precision < 0 || scale < NANO) {
      return false;
    }
    long mantissa;
    try {
      mantissa = Long.parseLong(shifted);
      if (format == Format.BINARY_SI) {
        mantissa = Math.multiplyExact(mantissa, 1L << exponent);
      }
    } catch (NumberFormatException | ArithmeticException e) {
      return false;
    }
    if (format == Format.BINARY_SI) {
      return exponent % 10 == 0 && (Long.parseLong(shifted) & 0x07) != 0;
    }
    return scale % 3 == 0 && !shifted.endsWith("000") && !shifted.isEmpty() && shifted.charAt(0) != '0' && mantissa != 0;
  }

  private static String canonical(BigDecimal amount, Format format) {
    if (amount.signum() == 0) {
      return "0";
    }
    if (format == Format.BINARY_SI) {
      if (amount.abs().compareTo(BINARY_STEP) < 0 || amount.stripTrailingZeros().scale() > 0) {
        format = Format.DECIMAL_SI;
      } else {
        BigInteger n = amount.toBigIntegerExact();
        int power = 0;
        BigInteger step = BigInteger.valueOf(1024);
        while (power < BINARY_SUFFIXES.length - 1 && n.mod(step).signum() == 0) {
          n = n.divide(step);
          power++;
        }
        return n + BINARY_SUFFIXES[power];
      }
    }
    BigDecimal stripped = amount.stripTrailingZeros();
    BigInteger mantissa = stripped.unscaledValue();
    int exponent = -stripped.scale();
    while (Math.floorMod(exponent, 3) != 0) {
      mantissa = mantissa.multiply(BigInteger.TEN);
      exponent--;
    }
    if (format == Format.DECIMAL_EXPONENT) {
      return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }
    int index = exponent / 3 + 3;
    if (index < 0 || index >= DECIMAL_SUFFIXES.length) {
      // beyond the SI suffixes apimachinery writes nothing after the number
      return mantissa.toString();
    }
    return mantissa + DECIMAL_SUFFIXES[index];
  }

  private static String formatWrong() {
    return "quantities must match the regular expression '" + SYNTAX + "'";
  }

  /** The exact amount. */
  public BigDecimal value() {
    return value;
  }

  /** The amount as a whole number (apimachinery's {@code AsInt64}), or null when it is not one. */
  public Long asLong() {
    try {
      return value.stripTrailingZeros().scale() > 0 ? null : value.longValueExact();
    } catch (ArithmeticException e) {
      return null;
    }
  }

  /** The quantity as apimachinery writes it. */
  @JsonValue
  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Quantity q && q.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** The pieces apimachinery's scanner splits a quantity into. */
  private record Parts(String value, String num, String denom, String suffix) {
    static Parts of(String str) {
      int pos = 0;
      int end = str.length();
      if (str.charAt(0) == '-' || str.charAt(0) == '+') {
        pos++;
      }
      while (pos < end && str.charAt(pos) == '0') {
        pos++;
      }
      if (pos >= end) {
        return new Parts("0", "0", "", "");
      }
      int start = pos;
      while (pos < end && Character.isDigit(str.charAt(pos)) && str.charAt(pos) < 128) {
        pos++;
      }
      String num = str.substring(start, pos);
      if (pos >= end) {
        return new Parts(str, num, "", "");
      }
      if (num.isEmpty()) {
        num = "0";
      }
      String denom = "";
      if (str.charAt(pos) == '.') {
        pos++;
        int d = pos;
        while (pos < end && str.charAt(pos) >= '0' && str.charAt(pos) <= '9') {
          pos++;
        }
        denom = str.substring(d, pos);
        if (pos >= end) {
          return new Parts(str, num, denom, "");
        }
      }
      String value = str.substring(0, pos);
      int suffixStart = pos;
      while (pos < end && "eEinumkKMGTP".indexOf(str.charAt(pos)) >= 0) {
        pos++;
      }
      if (pos < end && (str.charAt(pos) == '-' || str.charAt(pos) == '+')) {
        pos++;
      }
      while (pos < end) {
        if (str.charAt(pos) < '0' || str.charAt(pos) > '9') {
          throw new IllegalArgumentException(formatWrong());
        }
        pos++;
      }
      return new Parts(value, num, denom, str.substring(suffixStart));
    }
  }
}
