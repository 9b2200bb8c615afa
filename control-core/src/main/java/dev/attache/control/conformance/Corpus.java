package dev.attache.control.conformance;

/** The golden corpora of Envoy Gateway that the runner knows, by their report name. */
enum Corpus {
  GATEWAYAPI("gatewayapi"),
  XDS_IR("xds-ir"),
  EXTENSION_XDS_IR("extension-xds-ir"),
  RATELIMIT_CONFIG("ratelimit-config"),
  EGCTL("egctl");

  private final String id;

  Corpus(String id) {
    this.id = id;
  }

  /** The name used in reports and floor files, e.g. {@code xds-ir}. */
  public String id() {
    return id;
  }

  /** The corpus with report name {@code id}. */
  public static Corpus byId(String id) {
    for (Corpus corpus : values()) {
      if (corpus.id.equals(id)) {
        return corpus;
      }
    }
    throw new IllegalArgumentException("corpus: " + id + " (expected one of gatewayapi, xds-ir, "
        + "extension-xds-ir, ratelimit-config, egctl)");
  }
}
