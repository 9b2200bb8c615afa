package dev.attache.control.gatewayapi.context;

/**
 * IP address literals, parsed strictly and without ever resolving a name: IPv4 as four decimal
 * octets without leading zeros, IPv6 as hex groups with at most one {@code ::} and an optional
 * IPv4 tail (as Go's {@code netip.ParseAddr}, zones not accepted).
 */
public final class IpAddresses {
  private IpAddresses() {}

  public static boolean isIp(String text) {
    return isIpv4(text) || isIpv6(text);
  }

  public static boolean isIpv4(String text) {
    if (text == null || text.isEmpty()) {
      return false;
    }
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || (p.length() > 1 && p.charAt(0) == '0')) {
        return false;
      }
      for (int i = 0; i < p.length(); i++) {
        if (!Character.isDigit(p.charAt(i))) {
          return false;
        }
      }
      if (Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  public static boolean isIpv6(String text) {
    if (text == null || !text.contains(":")) {
      return false;
    }
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return false;
    }
    String head = doubleColon >= 0 ? text.substring(0, doubleColon) : text;
    String tail = doubleColon >= 0 ? text.substring(doubleColon + 2) : "";
    int groups = 0;
    for (String part : new String[] {head, tail}) {
      if (part.isEmpty()) {
        continue;
      }
      String[] fields = part.split(":", -1);
      for (int i = 0; i < fields.length; i++) {
        String f = fields[i];
        boolean last = i == fields.length - 1 && (part == tail || doubleColon < 0);
        if (last && f.contains(".")) {
          if (!isIpv4(f)) {
            return false;
          }
          groups += 2;
          continue;
        }
        if (f.isEmpty() || f.length() > 4) {
          return false;
        }
        for (int j = 0; j < f.length(); j++) {
          if (Character.digit(f.charAt(j), 16) < 0) {
            return false;
          }
        }
        groups++;
      }
    }
    return doubleColon >= 0 ? groups < 8 : groups == 8;
  }
}
