package dev.attache.control.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.control.xds.bootstrap.EnvoyBootstrap;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.core.v3.ApiConfigSource;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BootstrapCommandTest {
  private record Run(int exit, String out, String err) {
  }

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = new CommandLine(new BootstrapCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void yamlPointsEnvoyAtTheXdsServerAsTheGatewaysNode() throws Exception {
    Run r = run("--gateway", "default/eg");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("cluster_name: xds_cluster").doesNotContain("clusterName");
    Bootstrap b = EnvoyBootstrap.parse(r.out());
    assertThat(b.getNode().getCluster()).isEqualTo("default/eg");
    assertThat(b.getNode().getId()).isEqualTo("envoy-default-eg");
    ApiConfigSource ads = b.getDynamicResources().getAdsConfig();
    assertThat(ads.getApiType()).isEqualTo(ApiConfigSource.ApiType.DELTA_GRPC);
    assertThat(ads.getSetNodeOnFirstMessageOnly()).isTrue();
    assertThat(ads.getGrpcServices(0).getEnvoyGrpc().getClusterName()).isEqualTo("xds_cluster");
    assertThat(b.getDynamicResources().getLdsConfig().hasAds()).isTrue();
    assertThat(b.getDynamicResources().getCdsConfig().hasAds()).isTrue();
    Cluster xds = b.getStaticResources().getClusters(0);
    assertThat(xds.getType()).isEqualTo(Cluster.DiscoveryType.STATIC);
    var address = xds.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress()
        .getSocketAddress();
    assertThat(address.getAddress()).isEqualTo("127.0.0.1");
    assertThat(address.getPortValue()).isEqualTo(18000);
    assertThat(xds.getTypedExtensionProtocolOptionsMap())
        .containsKey("envoy.extensions.upstreams.http.v3.HttpProtocolOptions");
  }

  @Test
  void jsonWithAHostNameAndStateOfTheWorld() throws Exception {
    Run r = run("--gateway", "prod/public", "--xds-address", "attache.infra.svc", "--xds-port", "18010",
        "--node-id", "edge-1", "--sotw", "-o", "json");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).startsWith("{");
    Bootstrap b = EnvoyBootstrap.parse(r.out());
    assertThat(b.getNode().getId()).isEqualTo("edge-1");
    assertThat(b.getNode().getCluster()).isEqualTo("prod/public");
    assertThat(b.getDynamicResources().getAdsConfig().getApiType()).isEqualTo(ApiConfigSource.ApiType.GRPC);
    Cluster xds = b.getStaticResources().getClusters(0);
    assertThat(xds.getType()).isEqualTo(Cluster.DiscoveryType.STRICT_DNS);
    assertThat(xds.getLoadAssignment().getEndpoints(0).getLbEndpoints(0).getEndpoint().getAddress()
        .getSocketAddress().getPortValue()).isEqualTo(18010);
  }

  @Test
  void badFlagsAreUsageErrors() {
    assertThat(run().exit()).isEqualTo(2);
    Run badGateway = run("--gateway", "Default/EG");
    assertThat(badGateway.exit()).isEqualTo(2);
    assertThat(badGateway.err()).contains("--gateway: \"Default/EG\" (expected: <namespace>/<name>");
    Run badFormat = run("--gateway", "default/eg", "-o", "toml");
    assertThat(badFormat.exit()).isEqualTo(2);
    assertThat(badFormat.err()).contains("-o: \"toml\" (expected: yaml or json)");
    assertThat(run("--gateway", "default/eg", "--xds-port", "0").err()).contains("xdsPort: 0 (expected: 1-65535)");
  }
}
