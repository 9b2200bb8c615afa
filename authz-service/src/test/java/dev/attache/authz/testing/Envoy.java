package dev.attache.authz.testing;

import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * CheckRequests shaped as Envoy's ext_authz filter sends them: header names lower-case in
 * {@code attributes.request.http.headers} (pseudo-headers included), the path with its query,
 * the downstream source address set, and the policy in the context extensions.
 */
public final class Envoy {
  private String method = "GET";
  private String scheme = "https";
  private String host = "api.example.com";
  private String path = "/";
  private String source = "203.0.113.7";
  private String policy;
  private final Map<String, String> headers = new LinkedHashMap<>();

  private Envoy() {}

  public static Envoy request(String policy) {
    Envoy e = new Envoy();
    e.policy = policy;
    return e;
  }

  public Envoy method(String m) {
    this.method = m;
    return this;
  }

  public Envoy path(String p) {
    this.path = p;
    return this;
  }

  public Envoy host(String h) {
    this.host = h;
    return this;
  }

  public Envoy source(String ip) {
    this.source = ip;
    return this;
  }

  public Envoy header(String name, String value) {
    headers.merge(name.toLowerCase(Locale.ROOT), value, (a, b) -> a + "," + b);
    return this;
  }

  public Envoy bearer(String token) {
    return header("Authorization", "Bearer " + token);
  }

  public CheckRequest build() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(":authority", host);
    h.put(":method", method);
    h.put(":path", path);
    h.put(":scheme", scheme);
    h.put("user-agent", "curl/8.5.0");
    h.put("x-forwarded-proto", scheme);
    h.put("x-request-id", "8c7f8e2a-6a0e-4f5e-9a63-2f6a3d1f0b11");
    h.putAll(headers);
    AttributeContext.Builder attrs = AttributeContext.newBuilder()
        .setSource(AttributeContext.Peer.newBuilder().setAddress(Address.newBuilder()
            .setSocketAddress(SocketAddress.newBuilder().setAddress(source).setPortValue(51234))))
        .setDestination(AttributeContext.Peer.newBuilder().setAddress(Address.newBuilder()
            .setSocketAddress(SocketAddress.newBuilder().setAddress("10.0.0.5").setPortValue(10080))))
        .setRequest(AttributeContext.Request.newBuilder().setHttp(AttributeContext.HttpRequest.newBuilder()
            .setId("1234567890").setMethod(method).setPath(path).setHost(host).setScheme(scheme)
            .setProtocol("HTTP/1.1").putAllHeaders(h)));
    if (policy != null) {
      attrs.putContextExtensions("attache.io/policy", policy);
    }
    return CheckRequest.newBuilder().setAttributes(attrs).build();
  }
}
