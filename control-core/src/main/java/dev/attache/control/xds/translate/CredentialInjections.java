package dev.attache.control.xds.translate;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import dev.attache.control.ir.CredentialInjection;
import dev.attache.control.ir.HttpListener;
import dev.attache.control.ir.HttpRoute;
import io.envoyproxy.envoy.config.core.v3.DataSource;
import io.envoyproxy.envoy.config.core.v3.TypedExtensionConfig;
import io.envoyproxy.envoy.config.route.v3.FilterConfig;
import io.envoyproxy.envoy.config.route.v3.Route;
import io.envoyproxy.envoy.extensions.filters.http.credential_injector.v3.CredentialInjector;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager;
import io.envoyproxy.envoy.extensions.filters.network.http_connection_manager.v3.HttpFilter;
import io.envoyproxy.envoy.extensions.http.injected_credentials.generic.v3.Generic;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.GenericSecret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.SdsSecretConfig;
import java.util.List;

/**
 * Credential injection: one disabled filter per named credential on the listener, enabled by the
 * routes using it; the credential itself is served as a generic SDS secret.
 */
final class CredentialInjections implements HttpFeature {
  static final String PREFIX = "envoy.filters.http.credential_injector/";

  @Override
  public void patchHcm(HttpConnectionManager.Builder hcm, HttpListener listener, Context context) {
    for (HttpRoute r : listener.routes()) {
      CredentialInjection ci = r.credentialInjection();
      if (ci != null && hcm.getHttpFiltersList().stream()
          .noneMatch(f -> f.getName().equals(PREFIX + ci.name()))) {
        hcm.addHttpFilters(filter(ci).toBuilder().setDisabled(true));
      }
    }
  }

  /** The injector filter for one credential (enabled; the listener's copy is disabled). */
  static HttpFilter filter(CredentialInjection ci) {
    Generic.Builder generic = Generic.newBuilder().setCredential(SdsSecretConfig.newBuilder()
        .setName(secretName(ci)).setSdsConfig(ConfigSources.ads()));
    if (ci.header() != null && !ci.header().isEmpty()) {
      generic.setHeader(ci.header());
    }
    CredentialInjector.Builder injector = CredentialInjector.newBuilder()
        .setCredential(TypedExtensionConfig.newBuilder()
            .setName("envoy.http.injected_credentials.generic")
            .setTypedConfig(Any.pack(generic.build())));
    if (ci.overwrite() != null) {
      injector.setOverwrite(ci.overwrite());
    }
    return HttpFilter.newBuilder().setName(PREFIX + ci.name())
        .setTypedConfig(Any.pack(injector.build())).build();
  }

  static String secretName(CredentialInjection ci) {
    return "credential_injector/credential/" + ci.name();
  }

  /** Adds the credential's secret unless one of that name exists. */
  static void addSecret(ResourceTable table, CredentialInjection ci) {
    if (table.hasSecret(secretName(ci))) {
      return;
    }
    byte[] credential = ci.credential() == null ? new byte[0] : ci.credential().toArray();
    table.addSecret(Secret.newBuilder().setName(secretName(ci))
        .setGenericSecret(GenericSecret.newBuilder().setSecret(DataSource.newBuilder()
            .setInlineBytes(ByteString.copyFrom(credential))))
        .build());
  }

  @Override
  public void patchRoute(Route.Builder route, HttpRoute irRoute, HttpListener listener,
      Context context) {
    if (irRoute.credentialInjection() != null) {
      route.putTypedPerFilterConfig(PREFIX + irRoute.credentialInjection().name(),
          Any.pack(FilterConfig.newBuilder().setConfig(Any.getDefaultInstance()).build()));
    }
  }

  @Override
  public void patchResources(ResourceTable table, List<HttpRoute> routes, Context context) {
    for (HttpRoute r : routes) {
      if (r.credentialInjection() != null) {
        addSecret(table, r.credentialInjection());
      }
    }
  }
}
