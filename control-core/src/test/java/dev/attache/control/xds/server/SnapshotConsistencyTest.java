package dev.attache.control.xds.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import dev.attache.control.xds.translate.XdsResources;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.listener.v3.Filter;
import io.envoyproxy.envoy.config.listener.v3.FilterChain;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.Rds;
import io.envoyproxy.envoy.extensions.filters.network.tcp_proxy.v3.TcpProxy;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotConsistencyTest {
  private static Listener listener(String name, Any filterConfig) {
    return Listener.newBuilder().setName(name).addFilterChains(FilterChain.newBuilder()
        .addFilters(Filter.newBuilder().setName("f").setTypedConfig(filterConfig))).build();
  }

  private static Cluster staticCluster(String name) {
    return Cluster.newBuilder().setName(name).setType(Cluster.DiscoveryType.STATIC).build();
  }

  @Test
  void listenersMustFindTheirRouteConfigsAndTcpClusters() {
    Listener http = listener("http", Any.pack(HttpConnectionManager.newBuilder()
        .setRds(Rds.newBuilder().setRouteConfigName("default/eg/http")).build()));
    Listener tcp = listener("tcp", Any.pack(TcpProxy.newBuilder().setCluster("tcproute/default/db/rule/-1").build()));
    XdsResources r = new XdsResources(List.of(http, tcp), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    assertThat(SnapshotConsistency.problems(r)).containsExactly(
        "listener \"http\" names route config \"default/eg/http\", which is missing",
        "listener \"tcp\" proxies TCP to cluster \"tcproute/default/db/rule/-1\", which is missing");

    XdsResources fixed = new XdsResources(List.of(http, tcp),
        List.of(RouteConfiguration.newBuilder().setName("default/eg/http").build()),
        List.of(staticCluster("tcproute/default/db/rule/-1")), List.of(), List.of(), List.of(), List.of());
    assertThat(SnapshotConsistency.problems(fixed)).isEmpty();
  }

  @Test
  void aNameUsedTwiceIsAProblem() {
    XdsResources r = new XdsResources(List.of(), List.of(), List.of(staticCluster("a"), staticCluster("a")),
        List.of(), List.of(), List.of(), List.of());
    assertThat(SnapshotConsistency.problems(r)).containsExactly("cluster \"a\" appears twice");
  }

  @Test
  void versionsAreContentHashes() {
    XdsResources one = new XdsResources(List.of(), List.of(), List.of(staticCluster("a"), staticCluster("b")),
        List.of(), List.of(), List.of(), List.of());
    XdsResources same = new XdsResources(List.of(), List.of(), List.of(staticCluster("a"), staticCluster("b")),
        List.of(), List.of(), List.of(), List.of());
    XdsResources other = new XdsResources(List.of(), List.of(), List.of(staticCluster("a"), staticCluster("c")),
        List.of(), List.of(), List.of(), List.of());
    assertThat(SnapshotVersions.of(one)).isEqualTo(SnapshotVersions.of(same));
    assertThat(SnapshotVersions.of(one).clusters()).isNotEqualTo(SnapshotVersions.of(other).clusters());
    assertThat(SnapshotVersions.of(one).listeners()).isEqualTo(SnapshotVersions.of(other).listeners());
  }
}
