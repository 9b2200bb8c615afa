package dev.attache.control.gatewayapi.context;

import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.ir.UdpListener;
import dev.attache.control.ir.UdpRoute;
import dev.attache.control.ir.UnstructuredRef;
import java.util.ArrayList;
import java.util.List;

/** An IR UDP listener while the translator builds it. */
public final class UdpListenerDraft {
  public String name = "";
  public String address = "";
  public int port;
  public int externalPort;
  public ResourceMetadata metadata;
  public String ipFamily;
  public UdpRoute route;

  public final List<UnstructuredRef> extensionRefs = new ArrayList<>();

  public UdpListener build() {
    return new UdpListener(extensionRefs, name, address, port, externalPort, metadata, ipFamily, route);
  }
}
