package dev.attache.control.xds.translate;

import com.google.protobuf.Duration;
import io.envoyproxy.envoy.config.core.v3.AggregatedConfigSource;
import io.envoyproxy.envoy.config.core.v3.ApiVersion;
import io.envoyproxy.envoy.config.core.v3.ConfigSource;

/** Config sources pointing back at this control plane over ADS. */
final class ConfigSources {
  private ConfigSources() {}

  /** ADS with no initial fetch timeout (RDS, SDS). */
  static ConfigSource ads() {
    return ConfigSource.newBuilder().setResourceApiVersion(ApiVersion.V3)
        .setAds(AggregatedConfigSource.getDefaultInstance())
        .setInitialFetchTimeout(Duration.getDefaultInstance()).build();
  }

  /** ADS as EDS uses it (Envoy's default initial fetch timeout). */
  static ConfigSource adsForEndpoints() {
    return ConfigSource.newBuilder().setResourceApiVersion(ApiVersion.V3)
        .setAds(AggregatedConfigSource.getDefaultInstance()).build();
  }
}
