package dev.attache.wasm.cache;

import java.net.URI;

/** A URL as logs and status messages may show it: without user info or query, which can hold credentials. */
public final class Redaction {
  private Redaction() {}

  public static String url(String url) {
    if (url.startsWith("oci://")) {
      return url;
    }
    try {
      URI u = new URI(url);
      if (u.getRawUserInfo() == null && u.getRawQuery() == null) {
        return url;
      }
      return new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null).toString();
    } catch (java.net.URISyntaxException e) {
      return "<invalid URL>";
    }
  }
}
