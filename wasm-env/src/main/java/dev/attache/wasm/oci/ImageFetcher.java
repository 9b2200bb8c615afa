package dev.attache.wasm.oci;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.Deadline;
import dev.attache.wasm.fetch.FetchException;
import dev.attache.wasm.fetch.FetchException.Kind;
import dev.attache.wasm.fetch.FetchedModule;
import dev.attache.wasm.fetch.HttpTransport.Limit;
import dev.attache.wasm.fetch.ModuleFiles;
import dev.attache.wasm.oci.RegistryClient.Manifest;
import java.nio.file.Path;

/**
 * Pulls a Wasm module out of an OCI image in two steps, as Envoy Gateway does: {@link #prepare}
 * reads the manifest (so its digest can be checked, and the cache consulted, before any layer is
 * downloaded), then {@link ImagePull#fetchWasm} downloads and unpacks the layer holding the module.
 *
 * <p>Accepted layouts (the solo.io Wasm image specification): a Docker image whose last layer is
 * a tar.gz with {@code plugin.wasm}; an OCI image whose last layer is such a tar.gz; an OCI
 * artifact with two layers, one of them {@code application/vnd.module.wasm.content.layer.v1+wasm}.
 */
public final class ImageFetcher {
  private static final String DEFAULT_OS = "linux";
  private static final String DEFAULT_ARCH = "amd64";

  private final RegistryClient registry;
  private final long maxModuleBytes;

  public ImageFetcher(RegistryClient registry, long maxModuleBytes) {
    this.registry = requireNonNull(registry, "registry");
    this.maxModuleBytes = maxModuleBytes;
  }

  /**
   * Reads the image's manifest; an index resolves to its {@code linux/amd64} image (or its only
   * one), as go-containerregistry's default platform.
   */
  public ImagePull prepare(ImageReference ref, RegistryCredentials creds, byte[] caPem, Deadline deadline)
      throws FetchException {
    try {
      Manifest m = registry.manifest(ref, ref.reference(), creds, caPem, deadline);
      if (m.mediaType().equals(MediaTypes.OCI_INDEX) || m.mediaType().equals(MediaTypes.DOCKER_MANIFEST_LIST)) {
        m = registry.manifest(ref, child(ref, m).ociDigest(), creds, caPem, deadline);
      }
      return new ImagePull(ref, m, creds, caPem, deadline);
    } catch (FetchException e) {
      throw e.wrap("could not fetch manifest");
    }
  }

  private static Sha256 child(ImageReference ref, Manifest index) throws FetchException {
    JsonNode manifests = index.json().path("manifests");
    JsonNode only = manifests.size() == 1 ? manifests.get(0) : null;
    for (JsonNode d : manifests) {
      JsonNode p = d.path("platform");
      if (DEFAULT_OS.equals(p.path("os").asText()) && DEFAULT_ARCH.equals(p.path("architecture").asText())) {
        return digestOf(d);
      }
    }
    if (only != null) {
      return digestOf(only);
    }
    throw new FetchException(Kind.INVALID_IMAGE,
        "no child with platform " + DEFAULT_OS + "/" + DEFAULT_ARCH + " in index " + ref);
  }

  private static Sha256 digestOf(JsonNode descriptor) throws FetchException {
    try {
      return Sha256.parse(descriptor.path("digest").asText(""));
    } catch (IllegalArgumentException e) {
      throw new FetchException(Kind.INVALID_IMAGE, "descriptor has no sha256 digest");
    }
  }

  /** A pull whose manifest is known; the module itself is downloaded on demand. */
  public final class ImagePull {
    private final ImageReference ref;
    private final Manifest manifest;
    private final RegistryCredentials creds;
    private final byte[] caPem;
    private final Deadline deadline;

    private ImagePull(ImageReference ref, Manifest manifest, RegistryCredentials creds, byte[] caPem, Deadline deadline) {
      this.ref = ref;
      this.manifest = manifest;
      this.creds = creds;
      this.caPem = caPem;
      this.deadline = deadline;
    }

    /** The digest of the image's manifest: what {@code image.sha256} is compared with. */
    public Sha256 digest() {
      return manifest.digest();
    }

    /** Downloads the layer holding the module and unpacks it into a new file under {@code tmpDir}. */
    public FetchedModule fetchWasm(Path tmpDir) throws FetchException {
      JsonNode layers = manifest.json().path("layers");
      if (manifest.mediaType().equals(MediaTypes.DOCKER_MANIFEST)) {
        try {
          return compat(layers, MediaTypes.DOCKER_LAYER, tmpDir);
        } catch (FetchException e) {
          throw passThrough(e) ? e : new FetchException(e.kind(),
              "could not extract Wasm file from the image as Docker container " + e.getMessage(), e);
        }
      }
      FetchException compatError;
      try {
        return compat(layers, MediaTypes.OCI_LAYER, tmpDir);
      } catch (FetchException e) {
        if (passThrough(e)) {
          throw e;
        }
        compatError = e;
      }
      try {
        return artifact(layers, tmpDir);
      } catch (FetchException e) {
        if (passThrough(e)) {
          throw e;
        }
        throw new FetchException(Kind.INVALID_IMAGE, "the given image is in invalid format as an OCI image: "
            + "could not parse as compat variant: " + compatError.getMessage()
            + "\ncould not parse as oci variant: " + e.getMessage(), e);
      }
    }

    /** Failures of the source itself are not a matter of image layout. */
    private static boolean passThrough(FetchException e) {
      return e.kind() == Kind.UNREACHABLE || e.kind() == Kind.UNAUTHORIZED || e.kind() == Kind.TOO_LARGE;
    }

    private FetchedModule compat(JsonNode layers, String mediaType, Path tmpDir) throws FetchException {
      if (layers.isEmpty()) {
        throw new FetchException(Kind.INVALID_IMAGE, "number of layers must be greater than zero");
      }
      JsonNode layer = layers.get(layers.size() - 1);
      String mt = layer.path("mediaType").asText("");
      if (!mt.equals(mediaType)) {
        throw new FetchException(Kind.INVALID_IMAGE, "invalid media type " + mt + " (expect " + mediaType + ")");
      }
      Path blob = download(layer, tmpDir);
      try {
        return ModuleFiles.pluginFromTarGz(blob, tmpDir, maxModuleBytes);
      } finally {
        ModuleFiles.deleteQuietly(blob);
      }
    }

    private FetchedModule artifact(JsonNode layers, Path tmpDir) throws FetchException {
      if (layers.size() != 2) {
        throw new FetchException(Kind.INVALID_IMAGE, "number of layers must be 2 but got " + layers.size());
      }
      for (JsonNode layer : layers) {
        if (MediaTypes.WASM_LAYER.equals(layer.path("mediaType").asText())) {
          Path blob = download(layer, tmpDir);
          try {
            return ModuleFiles.describe(blob);
          } catch (FetchException e) {
            ModuleFiles.deleteQuietly(blob);
            throw e;
          }
        }
      }
      throw new FetchException(Kind.INVALID_IMAGE, "could not find the layer of type " + MediaTypes.WASM_LAYER);
    }

    private Path download(JsonNode layer, Path tmpDir) throws FetchException {
      Sha256 digest = digestOf(layer);
      long size = layer.path("size").asLong(-1);
      if (size > maxModuleBytes) {
        throw new FetchException(Kind.TOO_LARGE, "wasm layer size exceeds maximum size " + maxModuleBytes);
      }
      Path part = ModuleFiles.createPart(tmpDir);
      try {
        registry.blob(ref, digest, part, new Limit(maxModuleBytes, "wasm layer"), creds, caPem, deadline);
        return part;
      } catch (FetchException e) {
        ModuleFiles.deleteQuietly(part);
        throw e;
      }
    }
  }
}
