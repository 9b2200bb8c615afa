package dev.attache.control.xds.translate;

import dev.attache.control.ir.UnstructuredRef;
import dev.attache.control.ir.Xds;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The extension policies the listener hook sees for an xDS listener: those of every IR listener
 * (HTTP, TCP, UDP) on its address and port, each object once by group, kind, namespace and name,
 * as Envoy Gateway gathers them. The protocol is not compared, so a UDP listener sees the
 * policies of a TCP listener on the same port too, as upstream.
 */
final class ListenerPolicies {
  private ListenerPolicies() {}

  static List<UnstructuredRef> of(Xds ir, Listener listener) {
    if (!listener.hasAddress() || !listener.getAddress().hasSocketAddress()) {
      return List.of();
    }
    SocketAddress a = listener.getAddress().getSocketAddress();
    Stream<List<UnstructuredRef>> refs = Stream.of(
        ir.http().stream().filter(l -> l.address().equals(a.getAddress()) && l.port() == a.getPortValue())
            .map(l -> l.extensionRefs()),
        ir.tcp().stream().filter(l -> l.address().equals(a.getAddress()) && l.port() == a.getPortValue())
            .map(l -> l.extensionRefs()),
        ir.udp().stream().filter(l -> l.address().equals(a.getAddress()) && l.port() == a.getPortValue())
            .map(l -> l.extensionRefs()))
        .flatMap(s -> s);
    List<UnstructuredRef> out = new ArrayList<>();
    Set<List<String>> seen = new HashSet<>();
    refs.flatMap(List::stream).forEach(ref -> {
      if (ref.object() != null && seen.add(key(ref))) {
        out.add(ref);
      }
    });
    return out;
  }

  private static List<String> key(UnstructuredRef ref) {
    var o = ref.object();
    String apiVersion = o.path("apiVersion").asText("");
    int slash = apiVersion.indexOf('/');
    return List.of(slash < 0 ? "" : apiVersion.substring(0, slash), o.path("kind").asText(""),
        o.path("metadata").path("namespace").asText(""), o.path("metadata").path("name").asText(""));
  }
}
