package dev.attache.authz.request;

import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP request of a {@code CheckRequest} as the checks read it: header names lower-case (as
 * Envoy sends them), the path with its query, query parameters and cookies parsed on first use,
 * and headers that an earlier check adds (a forwarded client id) visible to later ones, as they
 * are to later filters in Envoy.
 */
public final class HttpRequest {
  private final AttributeContext.HttpRequest http;
  private final Map<String, String> headers;
  private final String sourceAddress;
  private final String policyKey;
  private Map<String, String> overlay;
  private Map<String, List<String>> params;
  private Map<String, String> cookies;

  private HttpRequest(AttributeContext.HttpRequest http, Map<String, String> headers, String sourceAddress,
      String policyKey) {
    this.http = http;
    this.headers = headers;
    this.sourceAddress = sourceAddress;
    this.policyKey = policyKey;
  }

  public static HttpRequest of(CheckRequest request) {
    AttributeContext attrs = request.getAttributes();
    AttributeContext.HttpRequest http = attrs.getRequest().getHttp();
    Map<String, String> headers = http.getHeadersMap();
    if (headers.isEmpty() && http.hasHeaderMap()) {
      // encode_raw_headers: values arrive one per entry; join repeats with ',' as the map form does.
      Map<String, String> joined = new LinkedHashMap<>();
      for (HeaderValue h : http.getHeaderMap().getHeadersList()) {
        String v = h.getValue().isEmpty() ? h.getRawValue().toString(StandardCharsets.UTF_8) : h.getValue();
        joined.merge(h.getKey().toLowerCase(java.util.Locale.ROOT), v, (a, b) -> a + "," + b);
      }
      headers = joined;
    }
    String source = attrs.getSource().getAddress().getSocketAddress().getAddress();
    String policy = attrs.getContextExtensionsOrDefault("attache.io/policy", null);
    return new HttpRequest(http, headers, source, policy);
  }

  /** The {@code attache.io/policy} context extension, or null. */
  public String policyKey() {
    return policyKey;
  }

  public String method() {
    String m = http.getMethod();
    return m.isEmpty() ? header(":method") : m;
  }

  public String scheme() {
    return http.getScheme();
  }

  public String host() {
    return http.getHost();
  }

  /** The path with its query, as Envoy sends it. */
  public String path() {
    return http.getPath();
  }

  /** The path without query or fragment. */
  public String pathOnly() {
    String p = http.getPath();
    int q = p.indexOf('?');
    int f = p.indexOf('#');
    int end = q < 0 ? f : f < 0 ? q : Math.min(q, f);
    return end < 0 ? p : p.substring(0, end);
  }

  /** The source (downstream) IP literal, or empty. */
  public String sourceAddress() {
    return sourceAddress;
  }

  /** A header by lower-case name, or null; headers set or removed by earlier checks win. */
  public String header(String lowerName) {
    if (overlay != null && overlay.containsKey(lowerName)) {
      return overlay.get(lowerName);
    }
    return headers.get(lowerName);
  }

  /** Makes a header removed by a check invisible to the checks after it. */
  public void removeHeader(String lowerName) {
    if (overlay == null) {
      overlay = new HashMap<>(4);
    }
    overlay.put(lowerName, null);
  }

  /** Makes a header set by a check visible to the checks after it. */
  public void setHeader(String lowerName, String value) {
    if (overlay == null) {
      overlay = new HashMap<>(4);
    }
    overlay.put(lowerName, value);
  }

  /** Every value of query parameter {@code name} (decoded), in order; empty when absent. */
  public List<String> params(String name) {
    if (params == null) {
      params = parseQuery(http.getPath());
    }
    return params.getOrDefault(name, List.of());
  }

  /** The value of cookie {@code name}, or null. */
  public String cookie(String name) {
    if (cookies == null) {
      cookies = parseCookies(header("cookie"));
    }
    return cookies.get(name);
  }

  /** The original uri as Envoy builds it for {@code www-authenticate}: scheme://host + path, path cut at 256. */
  public String originalUri() {
    String p = http.getPath();
    if (p.isEmpty()) {
      return "";
    }
    if (p.length() > 256) {
      p = p.substring(0, 256);
    }
    return http.getScheme() + "://" + http.getHost() + p;
  }

  static Map<String, List<String>> parseQuery(String path) {
    int q = path.indexOf('?');
    if (q < 0) {
      return Map.of();
    }
    int end = path.indexOf('#', q);
    String query = end < 0 ? path.substring(q + 1) : path.substring(q + 1, end);
    Map<String, List<String>> out = new HashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = decode(eq < 0 ? pair : pair.substring(0, eq));
      String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
      out.computeIfAbsent(k, x -> new java.util.ArrayList<>(1)).add(v);
    }
    return out;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  static Map<String, String> parseCookies(String header) {
    if (header == null || header.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new HashMap<>();
    // Several cookie headers arrive joined with ','; split on both separators.
    for (String part : header.split("[;,]")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String k = part.substring(0, eq).strip();
      String v = part.substring(eq + 1).strip();
      if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
        v = v.substring(1, v.length() - 1);
      }
      out.putIfAbsent(k, v);
    }
    return out;
  }
}
