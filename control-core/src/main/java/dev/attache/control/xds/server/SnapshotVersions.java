package dev.attache.control.xds.server;

import dev.attache.control.xds.translate.XdsResources;
/** The content version of each resource type of a snapshot (see {@link ContentVersion}). */
record SnapshotVersions(String listeners, String routes, String clusters, String endpoints, String secrets) {
  static SnapshotVersions of(XdsResources r) {
    return new SnapshotVersions(ContentVersion.of(r.listeners()), ContentVersion.of(r.routes()),
        ContentVersion.of(r.clusters()), ContentVersion.of(r.endpoints()), ContentVersion.of(r.secrets()));
  }

  /** The version Envoy reports for a type URL, or empty for a type this server does not serve. */
  String forTypeUrl(String typeUrl) {
    return switch (typeUrl) {
      case XdsTypes.LISTENER -> listeners;
      case XdsTypes.ROUTE -> routes;
      case XdsTypes.CLUSTER -> clusters;
      case XdsTypes.ENDPOINT -> endpoints;
      case XdsTypes.SECRET -> secrets;
      default -> "";
    };
  }
}
