package dev.attache.authz.rules;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An IPv4 or IPv6 prefix such as {@code 10.0.0.0/8} or {@code 2001:db8::/64}. Parsing never asks
 * DNS: only address literals are accepted.
 */
public record CidrRange(byte[] network, int prefixLength, String text) {
  private static final Pattern IPV4 =
      Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

  public CidrRange {
    requireNonNull(network, "network");
    requireNonNull(text, "text");
  }

  /** Parses {@code address/prefix}; a bare address is a single host. */
  public static CidrRange parse(String cidr) {
    requireNonNull(cidr, "cidr");
    int slash = cidr.indexOf('/');
    String addr = slash < 0 ? cidr : cidr.substring(0, slash);
    byte[] bytes = parseAddress(addr);
    if (bytes == null) {
      throw new IllegalArgumentException("cidr: " + cidr + " (expected: an IPv4 or IPv6 CIDR such as 10.0.0.0/8)");
    }
    int max = bytes.length * 8;
    int prefix = max;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(cidr.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > max) {
        throw new IllegalArgumentException("cidr: " + cidr + " (expected: prefix length 0-" + max + ")");
      }
    }
    return new CidrRange(mask(bytes, prefix), prefix, cidr);
  }

  /** The raw bytes of an IP literal (4 or 16), or null when {@code s} is not one. */
  public static byte[] parseAddress(String s) {
    if (s == null || s.isEmpty()) {
      return null;
    }
    try {
      if (IPV4.matcher(s).matches()) {
        return InetAddress.getByName(s).getAddress();
      }
      if (s.indexOf(':') >= 0 && IPV6_CHARS.matcher(s).matches()) {
        // Brackets make the JDK treat the text as an IPv6 literal and never fall back to DNS.
        return InetAddress.getByName("[" + s + "]").getAddress();
      }
    } catch (UnknownHostException e) {
      return null;
    }
    return null;
  }

  /** Whether the address bytes fall inside this range; IPv4 never matches an IPv6 range. */
  public boolean contains(byte[] address) {
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefixLength / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rem = prefixLength % 8;
    if (rem == 0) {
      return true;
    }
    int m = 0xff << (8 - rem) & 0xff;
    return (address[full] & m) == (network[full] & m);
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] out = bytes.clone();
    for (int i = 0; i < out.length; i++) {
      int bits = Math.max(0, Math.min(8, prefix - i * 8));
      out[i] = (byte) (out[i] & (0xff << (8 - bits)));
    }
    return out;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CidrRange c && c.prefixLength == prefixLength
        && java.util.Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(network) * 31 + prefixLength;
  }
}
