package dev.attache.control.gatewayapi.context;

import dev.attache.control.ir.AccessLog;
import dev.attache.control.ir.BackendCluster;
import dev.attache.control.ir.GlobalResources;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.Metrics;
import dev.attache.control.ir.ReadyListener;
import dev.attache.control.ir.TcpListener;
import dev.attache.control.ir.Tracing;
import dev.attache.control.ir.UdpListener;
import dev.attache.control.ir.UnstructuredRef;
import dev.attache.control.ir.Xds;
import dev.attache.control.resource.envoygateway.FilterPosition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One gateway's xDS IR while the translator builds it; listeners are found by name. */
public final class XdsDraft {
  public ReadyListener readyListener;
  public AccessLog accessLog;
  public Tracing tracing;
  public Metrics metrics;
  public final List<HttpListenerDraft> http = new ArrayList<>();
  public final List<TcpListenerDraft> tcp = new ArrayList<>();
  public final List<UdpListenerDraft> udp = new ArrayList<>();
  public List<FilterPosition> filterOrder = List.of();
  public GlobalResources globalResources;
  public final List<BackendCluster> backendClusters = new ArrayList<>();
  private final Map<String, HttpListenerDraft> httpByName = new HashMap<>();
  private final Map<String, TcpListenerDraft> tcpByName = new HashMap<>();
  private final Map<String, UdpListenerDraft> udpByName = new HashMap<>();

  public void add(HttpListenerDraft listener) {
    http.add(listener);
    httpByName.putIfAbsent(listener.name, listener);
  }

  public void add(TcpListenerDraft listener) {
    tcp.add(listener);
    tcpByName.putIfAbsent(listener.name, listener);
  }

  public void add(UdpListenerDraft listener) {
    udp.add(listener);
    udpByName.putIfAbsent(listener.name, listener);
  }

  public HttpListenerDraft httpListener(String name) {
    return httpByName.get(name);
  }

  public TcpListenerDraft tcpListener(String name) {
    return tcpByName.get(name);
  }

  public UdpListenerDraft udpListener(String name) {
    return udpByName.get(name);
  }

  public dev.attache.control.ir.HealthCheckLog healthCheckLog;
  public List<dev.attache.control.ir.EnvoyPatchPolicy> envoyPatchPolicies = new ArrayList<>();

  public final List<UnstructuredRef> extensionServerPolicies = new ArrayList<>();

  public Xds build() {
    List<HttpListener> h = new ArrayList<>(http.size());
    http.forEach(l -> h.add(l.build()));
    List<TcpListener> t = new ArrayList<>(tcp.size());
    tcp.forEach(l -> t.add(l.build()));
    List<UdpListener> u = new ArrayList<>(udp.size());
    udp.forEach(l -> u.add(l.build()));
    return new Xds(readyListener, envoyPatchPolicies, accessLog, tracing, metrics, healthCheckLog, h, t, u,
        globalResources, backendClusters, filterOrder, extensionServerPolicies);
  }
}
