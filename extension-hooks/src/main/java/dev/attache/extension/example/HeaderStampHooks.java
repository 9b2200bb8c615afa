package dev.attache.extension.example;

import dev.attache.extension.sdk.ExtensionHooks;
import dev.attache.extension.sdk.ExtensionResource;
import dev.attache.extension.sdk.HookContext;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.config.core.v3.HeaderValueOption;
import io.envoyproxy.envoy.config.route.v3.Route;
import java.util.List;

/**
 * The worked example: an HTTPRoute filter of kind {@code HeaderStamp}
 * ({@code example.attache.dev/v1alpha1}) whose spec lists request headers to add on the routes it
 * is attached to:
 *
 * <pre>
 * apiVersion: example.attache.dev/v1alpha1
 * kind: HeaderStamp
 * metadata: {name: stamp, namespace: default}
 * spec:
 *   headers:
 *   - {name: x-team, value: payments}
 * </pre>
 *
 * Register it in the EnvoyGateway config's {@code extensionManager.resources} with group
 * {@code example.attache.dev}, version {@code v1alpha1}, kind {@code HeaderStamp}.
 */
public final class HeaderStampHooks implements ExtensionHooks {
  public static final String GROUP = "example.attache.dev";
  public static final String KIND = "HeaderStamp";

  /** The spec of a HeaderStamp. */
  public record Spec(List<Header> headers) {
    public Spec {
      headers = headers == null ? List.of() : List.copyOf(headers);
    }
  }

  /** One header to add. */
  public record Header(String name, String value) {}

  @Override
  public Route postRouteModify(Route route, HookContext.Route context) {
    Route.Builder out = route.toBuilder();
    for (ExtensionResource r : context.extensionResources()) {
      if (!r.is(GROUP, KIND)) {
        continue;
      }
      for (Header h : r.spec(Spec.class).headers()) {
        if (h.name() == null || h.name().isBlank()) {
          throw new IllegalArgumentException(KIND + " " + r.namespace() + "/" + r.name()
              + ": spec.headers[].name: empty (expected: a header name)");
        }
        out.addRequestHeadersToAdd(HeaderValueOption.newBuilder()
            .setHeader(HeaderValue.newBuilder().setKey(h.name()).setValue(h.value() == null ? "" : h.value()))
            .setAppendAction(HeaderValueOption.HeaderAppendAction.OVERWRITE_IF_EXISTS_OR_ADD));
      }
    }
    return out.build();
  }
}
