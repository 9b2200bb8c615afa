package dev.attache.extension.sdk;

import dev.attache.extension.protocol.ExtensionResource.Builder;
import dev.attache.extension.protocol.PostClusterExtensionContext;
import dev.attache.extension.protocol.PostHTTPListenerExtensionContext;
import dev.attache.extension.protocol.PostRouteExtensionContext;
import dev.attache.extension.protocol.PostTranslateExtensionContext;
import java.util.List;

/** What a hook is told besides the resource it may change; one record per hook. */
public sealed interface HookContext {

  /** For a route: its extension filters and policies, and the route's hostnames. */
  record Route(List<ExtensionResource> extensionResources, List<String> hostnames,
      List<ExtensionResource> extensionPolicies) implements HookContext {
    public Route {
      extensionResources = List.copyOf(extensionResources);
      hostnames = List.copyOf(hostnames);
      extensionPolicies = List.copyOf(extensionPolicies);
    }

    public static Route from(PostRouteExtensionContext c) {
      return new Route(resources(c.getExtensionResourcesList()), c.getHostnamesList(),
          resources(c.getExtensionPoliciesList()));
    }

    public PostRouteExtensionContext toProto() {
      return PostRouteExtensionContext.newBuilder()
          .addAllExtensionResources(protos(extensionResources))
          .addAllHostnames(hostnames)
          .addAllExtensionPolicies(protos(extensionPolicies))
          .build();
    }
  }

  /** For a virtual host: nothing yet. */
  record VirtualHost() implements HookContext {}

  /** For an HTTP listener: the extension policies that target it. */
  record Listener(List<ExtensionResource> extensionResources) implements HookContext {
    public Listener {
      extensionResources = List.copyOf(extensionResources);
    }

    public static Listener from(PostHTTPListenerExtensionContext c) {
      return new Listener(resources(c.getExtensionResourcesList()));
    }

    public PostHTTPListenerExtensionContext toProto() {
      return PostHTTPListenerExtensionContext.newBuilder()
          .addAllExtensionResources(protos(extensionResources)).build();
    }
  }

  /** For a cluster of a custom backend: the backend resources behind it. */
  record Cluster(List<ExtensionResource> backendResources) implements HookContext {
    public Cluster {
      backendResources = List.copyOf(backendResources);
    }

    public static Cluster from(PostClusterExtensionContext c) {
      return new Cluster(resources(c.getBackendExtensionResourcesList()));
    }

    public PostClusterExtensionContext toProto() {
      return PostClusterExtensionContext.newBuilder()
          .addAllBackendExtensionResources(protos(backendResources)).build();
    }
  }

  /** For a static load assignment: nothing yet. */
  record Endpoints() implements HookContext {}

  /** For the whole translation: the extension policies in play. */
  record Translate(List<ExtensionResource> extensionResources) implements HookContext {
    public Translate {
      extensionResources = List.copyOf(extensionResources);
    }

    public static Translate from(PostTranslateExtensionContext c) {
      return new Translate(resources(c.getExtensionResourcesList()));
    }

    public PostTranslateExtensionContext toProto() {
      return PostTranslateExtensionContext.newBuilder()
          .addAllExtensionResources(protos(extensionResources)).build();
    }
  }

  private static List<ExtensionResource> resources(List<dev.attache.extension.protocol.ExtensionResource> list) {
    return list.stream().map(r -> ExtensionResource.parse(r.getUnstructuredBytes())).toList();
  }

  private static List<dev.attache.extension.protocol.ExtensionResource> protos(List<ExtensionResource> list) {
    return list.stream().map(r -> {
      Builder b = dev.attache.extension.protocol.ExtensionResource.newBuilder();
      return b.setUnstructuredBytes(r.toByteString()).build();
    }).toList();
  }
}
