package dev.attache.control.gatewayapi.context;

import dev.attache.control.ir.ClientConnection;
import dev.attache.control.ir.ClientIpDetection;
import dev.attache.control.ir.ClientTimeout;
import dev.attache.control.ir.CustomIpHeader;
import dev.attache.control.ir.GrpcSettings;
import dev.attache.control.ir.HeaderSettings;
import dev.attache.control.ir.Http1Settings;
import dev.attache.control.ir.Http2Settings;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.PathSettings;
import dev.attache.control.ir.ProxyProtocolSettings;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.TcpKeepalive;
import dev.attache.control.ir.TlsConfig;
import dev.attache.control.ir.UnstructuredRef;
import dev.attache.control.ir.XForwardedFor;
import java.util.ArrayList;
import java.util.List;

/** An IR HTTP listener while the translator builds it; routes and policies add to it. */
public final class HttpListenerDraft {
  public String name = "";
  public String address = "";
  public int port;
  public int externalPort;
  public ResourceMetadata metadata;
  public String ipFamily;
  public List<String> hostnames = List.of();
  public TlsConfig tls;
  public boolean tlsOverlaps;
  /** The routes, in order; each an IR value that policies replace with a changed copy. */
  public final List<HttpRoute> routes = new ArrayList<>();
  public TcpKeepalive tcpKeepalive;
  public HeaderSettings headers;
  public ProxyProtocolSettings proxyProtocol;
  public PathSettings path;
  public Http1Settings http1;
  public Http2Settings http2;
  public GrpcSettings grpc;
  public ClientTimeout timeout;
  public ClientConnection connection;
  public boolean preserveRouteOrder;
  public String requestId;
  public dev.attache.control.resource.envoygateway.ClientIPDetectionSettings clientIpDetection;
  /** Set when a SecurityPolicy authorizes by client geolocation on this listener. */
  public dev.attache.control.ir.GeoIpProvider geoIpProvider;
  public dev.attache.control.ir.HostSettings host;
  public dev.attache.control.ir.Empty http3;
  public dev.attache.control.resource.envoygateway.HealthCheckSettings healthCheck;
  public boolean matchBackendScheme;

  /** Extension server policies attached to the listener (shared, mutable objects; see ExtensionServerPolicies). */
  public final List<UnstructuredRef> extensionRefs = new ArrayList<>();

  public HttpListener build() {
    return new HttpListener(extensionRefs, name, address, port, externalPort, metadata, ipFamily, hostnames, tls,
        tlsOverlaps, routes, tcpKeepalive, headers, proxyProtocol, clientIpDetection(), path, http1, http2, http3, grpc,
        healthCheck == null ? null : new dev.attache.control.ir.HealthCheckSettings(healthCheck.path()), host, timeout,
        connection, preserveRouteOrder, matchBackendScheme, requestId, geoIpProvider);
  }

  private ClientIpDetection clientIpDetection() {
    if (clientIpDetection == null) {
      return null;
    }
    var x = clientIpDetection.xForwardedFor();
    var c = clientIpDetection.customHeader();
    return new ClientIpDetection(
        x == null ? null : new XForwardedFor(x.numTrustedHops() == null ? null : x.numTrustedHops().intValue(),
            x.trustedCIDRs(), x.disableXForwardedForAppend()),
        c == null ? null : new CustomIpHeader(c.name(), c.failClosed()),
        clientIpDetection.directSourceIP() == null ? null : new dev.attache.control.ir.Empty());
  }
}
