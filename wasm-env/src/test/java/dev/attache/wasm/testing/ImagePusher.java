package dev.attache.wasm.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.oci.MediaTypes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Pushes Wasm images to a registry through the registry v2 API (blob upload, manifest PUT), as
 * {@code crane push} or {@code oras push} would, answering Basic and Bearer challenges.
 */
public final class ImagePusher {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PARAM = Pattern.compile("(\\w+)=\"([^\"]*)\"");

  private final String registry;
  private final String user;
  private final String password;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private String authorization;

  public ImagePusher(String registry) {
    this(registry, null, null);
  }

  public ImagePusher(String registry, String user, String password) {
    this.registry = registry;
    this.user = user;
    this.password = password;
  }

  /** A pushed image: its manifest digest and the module inside. */
  public record Pushed(String reference, Sha256 manifestDigest, byte[] module) {}

  /** The solo.io "oci" variant: an OCI manifest with a raw Wasm layer and a second layer. */
  public Pushed pushArtifact(String repo, String tag, byte[] wasm) {
    byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
    byte[] meta = "{\"type\":\"envoy_proxy\"}".getBytes(StandardCharsets.UTF_8);
    ObjectNode m = manifest(MediaTypes.OCI_MANIFEST, MediaTypes.WASM_CONFIG, config);
    ArrayNode layers = m.putArray("layers");
    layers.add(descriptor(MediaTypes.WASM_LAYER, blob(repo, wasm), wasm.length));
    layers.add(descriptor(MediaTypes.WASM_CONFIG, blob(repo, meta), meta.length));
    blob(repo, config);
    return new Pushed(registry + "/" + repo + ":" + tag, put(repo, tag, MediaTypes.OCI_MANIFEST, m), wasm);
  }

  /** The "compat" variant as an OCI image: one tar.gz layer holding {@code plugin.wasm}. */
  public Pushed pushCompatOci(String repo, String tag, byte[] wasm) {
    return pushCompat(repo, tag, wasm, MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, MediaTypes.OCI_LAYER);
  }

  /** The "compat" variant as a Docker image. */
  public Pushed pushCompatDocker(String repo, String tag, byte[] wasm) {
    return pushCompat(repo, tag, wasm, MediaTypes.DOCKER_MANIFEST, MediaTypes.DOCKER_CONFIG, MediaTypes.DOCKER_LAYER);
  }

  /** An OCI image whose only layer is a tar.gz without {@code plugin.wasm}. */
  public Pushed pushWithoutModule(String repo, String tag) {
    byte[] layer = tarGz("README", "no module here".getBytes(StandardCharsets.UTF_8));
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8);
    blob(repo, config);
    ObjectNode m = manifest(MediaTypes.OCI_MANIFEST, MediaTypes.OCI_CONFIG, config);
    m.putArray("layers").add(descriptor(MediaTypes.OCI_LAYER, blob(repo, layer), layer.length));
    return new Pushed(registry + "/" + repo + ":" + tag, put(repo, tag, MediaTypes.OCI_MANIFEST, m), null);
  }

  /** An OCI index whose linux/amd64 entry is {@code image} (already pushed to the same repository). */
  public Pushed pushIndex(String repo, String tag, Pushed image) {
    ObjectNode index = JSON.createObjectNode();
    index.put("schemaVersion", 2);
    index.put("mediaType", MediaTypes.OCI_INDEX);
    ObjectNode d = index.putArray("manifests").addObject();
    d.put("mediaType", MediaTypes.OCI_MANIFEST);
    d.put("digest", image.manifestDigest().ociDigest());
    d.put("size", manifestSize(repo, image.manifestDigest()));
    d.putObject("platform").put("os", "linux").put("architecture", "amd64");
    return new Pushed(registry + "/" + repo + ":" + tag, put(repo, tag, MediaTypes.OCI_INDEX, index), image.module());
  }

  private Pushed pushCompat(String repo, String tag, byte[] wasm, String manifestType, String configType, String layerType) {
    byte[] layer = tarGz("plugin.wasm", wasm);
    byte[] config = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}"
        .getBytes(StandardCharsets.UTF_8);
    blob(repo, config);
    ObjectNode m = manifest(manifestType, configType, config);
    m.putArray("layers").add(descriptor(layerType, blob(repo, layer), layer.length));
    return new Pushed(registry + "/" + repo + ":" + tag, put(repo, tag, manifestType, m), wasm);
  }

  private static ObjectNode manifest(String mediaType, String configType, byte[] config) {
    ObjectNode m = JSON.createObjectNode();
    m.put("schemaVersion", 2);
    m.put("mediaType", mediaType);
    m.set("config", descriptor(configType, Sha256.of(config), config.length));
    return m;
  }

  private static ObjectNode descriptor(String mediaType, Sha256 digest, long size) {
    ObjectNode d = JSON.createObjectNode();
    d.put("mediaType", mediaType);
    d.put("digest", digest.ociDigest());
    d.put("size", size);
    return d;
  }

  static byte[] tarGz(String name, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(content.length);
      tar.putArchiveEntry(e);
      tar.write(content);
      tar.closeArchiveEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Uploads a blob (monolithic upload) and returns its digest. */
  public Sha256 blob(String repo, byte[] content) {
    Sha256 digest = Sha256.of(content);
    HttpResponse<String> start = send(repo, HttpRequest.newBuilder(uri("/v2/" + repo + "/blobs/uploads/"))
        .POST(HttpRequest.BodyPublishers.noBody()));
    expect(start, 202);
    String location = start.headers().firstValue("Location").orElseThrow();
    URI upload = uri("/v2/" + repo + "/blobs/uploads/").resolve(location);
    String sep = upload.getRawQuery() == null ? "?" : "&";
    URI put = URI.create(upload + sep + "digest=" + URLEncoder.encode(digest.ociDigest(), StandardCharsets.UTF_8));
    expect(send(repo, HttpRequest.newBuilder(put).header("Content-Type", "application/octet-stream")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content))), 201);
    return digest;
  }

  private Sha256 put(String repo, String reference, String mediaType, ObjectNode manifest) {
    byte[] body;
    try {
      body = JSON.writeValueAsBytes(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    expect(send(repo, HttpRequest.newBuilder(uri("/v2/" + repo + "/manifests/" + reference))
        .header("Content-Type", mediaType).PUT(HttpRequest.BodyPublishers.ofByteArray(body))), 201);
    return Sha256.of(body);
  }

  private long manifestSize(String repo, Sha256 digest) {
    HttpResponse<String> r = send(repo, HttpRequest.newBuilder(uri("/v2/" + repo + "/manifests/" + digest.ociDigest()))
        .header("Accept", MediaTypes.OCI_MANIFEST).GET());
    expect(r, 200);
    return r.body().getBytes(StandardCharsets.UTF_8).length;
  }

  private URI uri(String path) {
    return URI.create("http://" + registry + path);
  }

  private HttpResponse<String> send(String repo, HttpRequest.Builder request) {
    try {
      if (authorization != null) {
        request.setHeader("Authorization", authorization);
      }
      HttpResponse<String> r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 401 && user != null) {
        authorization = authenticate(repo, r.headers().firstValue("WWW-Authenticate").orElse(""));
        request.setHeader("Authorization", authorization);
        r = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      }
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String authenticate(String repo, String challenge) throws IOException, InterruptedException {
    String basic = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    if (challenge.startsWith("Basic")) {
      return basic;
    }
    String realm = null;
    String service = null;
    Matcher m = PARAM.matcher(challenge);
    while (m.find()) {
      if (m.group(1).equals("realm")) {
        realm = m.group(2);
      } else if (m.group(1).equals("service")) {
        service = m.group(2);
      }
    }
    URI token = URI.create(realm + "?service=" + URLEncoder.encode(service, StandardCharsets.UTF_8)
        + "&scope=" + URLEncoder.encode("repository:" + repo + ":pull,push", StandardCharsets.UTF_8));
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(token).header("Authorization", basic).build(),
        HttpResponse.BodyHandlers.ofString());
    expect(r, 200);
    return "Bearer " + JSON.readTree(r.body()).path("token").asText();
  }

  private static void expect(HttpResponse<String> r, int status) {
    if (r.statusCode() != status) {
      throw new AssertionError(r.request().method() + " " + r.uri() + ": expected " + status + ", got "
          + r.statusCode() + ": " + r.body());
    }
  }
}
