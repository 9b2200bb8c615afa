package dev.attache.control.gatewayapi.backend;

import java.util.regex.Pattern;

/** RFC 1123 subdomain names, as apimachinery's {@code IsDNS1123Subdomain} checks them. */
public final class Hostnames1123 {
  private static final Pattern SUBDOMAIN =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private Hostnames1123() {}

  public static boolean isSubdomain(String value) {
    return value != null && value.length() <= 253 && SUBDOMAIN.matcher(value).matches();
  }
}
