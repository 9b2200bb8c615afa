package dev.attache.wasm.oci;

/** The media types of Wasm images Envoy Gateway accepts (the solo.io Wasm image specification). */
public final class MediaTypes {
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
  /** The compat variant's layer in a Docker image: a tar.gz holding {@code plugin.wasm}. */
  public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  /** The compat variant's layer in an OCI image: a tar.gz holding {@code plugin.wasm}. */
  public static final String OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";
  /** The oci variant's layer: the raw Wasm binary. */
  public static final String WASM_LAYER = "application/vnd.module.wasm.content.layer.v1+wasm";
  public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  public static final String WASM_CONFIG = "application/vnd.module.wasm.config.v1+json";

  private MediaTypes() {}
}
