package dev.attache.control.gatewayapi.context;

import dev.attache.control.ir.ClientConnection;
import dev.attache.control.ir.ClientTimeout;
import dev.attache.control.ir.ProxyProtocolSettings;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.TcpKeepalive;
import dev.attache.control.ir.TcpListener;
import dev.attache.control.ir.TcpRoute;
import dev.attache.control.ir.TlsConfig;
import dev.attache.control.ir.UnstructuredRef;
import java.util.ArrayList;
import java.util.List;

/** An IR TCP (or TLS) listener while the translator builds it. */
public final class TcpListenerDraft {
  public String name = "";
  public String address = "";
  public int port;
  public int externalPort;
  public ResourceMetadata metadata;
  public String ipFamily;
  public TlsConfig tls;
  public TcpKeepalive tcpKeepalive;
  public ProxyProtocolSettings proxyProtocol;
  public ClientTimeout timeout;
  public ClientConnection connection;
  public final List<TcpRoute> routes = new ArrayList<>();

  public final List<UnstructuredRef> extensionRefs = new ArrayList<>();

  public TcpListener build() {
    return new TcpListener(extensionRefs, name, address, port, externalPort, metadata, ipFamily, tls, tcpKeepalive,
        proxyProtocol, timeout, connection, routes);
  }
}
