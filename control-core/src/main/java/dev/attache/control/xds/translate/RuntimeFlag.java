package dev.attache.control.xds.translate;

/** Envoy Gateway runtime flags that change what the xDS translator emits. */
public enum RuntimeFlag {
  /** Names listeners and route configurations by protocol and port ({@code tcp-10080}). */
  XDS_NAME_SCHEME_V2,
  /** Gives each backend its own system trust store secret instead of one shared secret. */
  PER_RESOURCE_SYSTEM_CA_SECRET
}
