package dev.attache.wasm.testing;

import at.favre.lib.crypto.bcrypt.BCrypt;
import dev.attache.server.testing.HostProgram;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real OCI registry: Debian's {@code docker-registry} (CNCF distribution 2.x) started on a free
 * 127.0.0.1 port with its own storage directory and a config file written here. It needs no
 * Docker engine. Optionally protected by htpasswd (bcrypt) or by a token service.
 */
public final class RegistryProcess implements AutoCloseable {
  /** The Debian package that provides the binary; bin/attache-test installs it. */
  public static final String PACKAGE = HostProgram.DOCKER_REGISTRY.debianPackage();

  private final Path dir;
  private final Path config;
  private final int port;
  private Process process;

  /** How clients must authenticate. */
  public sealed interface Auth {}

  public record NoAuth() implements Auth {}

  public record Htpasswd(String user, String password) implements Auth {}

  /** Bearer tokens from {@code realm}, signed by the key whose certificate is {@code rootCertPem}. */
  public record Token(URI realm, String service, String issuer, String rootCertPem) implements Auth {}

  private RegistryProcess(Path dir, Auth auth) throws IOException {
    this.dir = dir;
    this.port = FreePorts.next();
    Files.createDirectories(dir.resolve("data"));
    StringBuilder yaml = new StringBuilder()
        .append("version: 0.1\n")
        .append("log:\n  level: error\n  accesslog:\n    disabled: true\n")
        .append("storage:\n  filesystem:\n    rootdirectory: ").append(dir.resolve("data")).append('\n')
        .append("  maintenance:\n    uploadpurging:\n      enabled: false\n")
        .append("http:\n  addr: 127.0.0.1:").append(port).append('\n')
        .append("  secret: ").append(UUID.randomUUID()).append('\n');
    switch (auth) {
      case NoAuth n -> { }
      case Htpasswd h -> {
        String hash = BCrypt.withDefaults().hashToString(5, h.password().toCharArray());
        Files.writeString(dir.resolve("htpasswd"), h.user() + ":" + hash + "\n");
        yaml.append("auth:\n  htpasswd:\n    realm: attache-test\n    path: ").append(dir.resolve("htpasswd")).append('\n');
      }
      case Token t -> {
        Files.writeString(dir.resolve("token-ca.pem"), t.rootCertPem());
        yaml.append("auth:\n  token:\n")
            .append("    realm: ").append(t.realm()).append('\n')
            .append("    service: ").append(t.service()).append('\n')
            .append("    issuer: ").append(t.issuer()).append('\n')
            .append("    rootcertbundle: ").append(dir.resolve("token-ca.pem")).append('\n');
      }
    }
    this.config = dir.resolve("config.yml");
    Files.writeString(config, yaml);
  }

  /**
   * Starts a registry storing its data under {@code dir}.
   *
   * @throws AssertionError with one line naming the Debian package and its install command when
   *     the binary is not on the PATH: the OCI tests must fail, not pass silently, without it
   */
  public static RegistryProcess start(Path dir, Auth auth) {
    try {
      RegistryProcess r = new RegistryProcess(dir, auth);
      r.startProcess();
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path binary() {
    return HostProgram.DOCKER_REGISTRY.path();
  }

  private void startProcess() throws IOException {
    Path log = dir.resolve("registry.log");
    process = new ProcessBuilder(List.of(binary().toString(), "serve", config.toString()))
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("docker-registry exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    stop();
    throw new AssertionError("docker-registry did not answer on 127.0.0.1:" + port + " within 20 s: "
        + Files.readString(log, StandardCharsets.UTF_8));
  }

  /** {@code 127.0.0.1:port}, the registry part of image references. */
  public String address() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Stops the registry, as when it goes down; its storage stays. */
  public void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Starts the registry again if it was stopped. */
  public void ensureRunning() {
    if (process == null || !process.isAlive()) {
      restart();
    }
  }

  /** Starts the registry again on the same port with the same storage. */
  public void restart() {
    stop();
    try {
      startProcess();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
