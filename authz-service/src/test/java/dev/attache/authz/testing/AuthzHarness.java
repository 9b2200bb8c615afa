package dev.attache.authz.testing;

import dev.attache.authz.service.AuthzServer;
import dev.attache.authz.service.AuthzSettings;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real authz-service on 127.0.0.1 with its policies in a temporary directory, and a gRPC client
 * that talks to it as Envoy does.
 */
public final class AuthzHarness implements AutoCloseable {
  private final Path dir;
  private final AuthzServer server;
  private final ManagedChannel channel;
  private final AuthorizationGrpc.AuthorizationBlockingStub stub;

  private AuthzHarness(Path dir, AuthzSettings settings) throws IOException {
    this.dir = dir;
    this.server = AuthzServer.start(dir, "127.0.0.1", 0, 0, settings, Duration.ofMillis(50));
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    this.stub = AuthorizationGrpc.newBlockingStub(channel);
  }

  /** Starts a server whose config directory holds {@code yaml} as {@code policies.yaml}. */
  public static AuthzHarness start(String yaml) {
    return start(yaml, AuthzSettings.defaults());
  }

  public static AuthzHarness start(String yaml, AuthzSettings settings) {
    try {
      Path dir = Files.createTempDirectory("authz-test");
      Files.writeString(dir.resolve("policies.yaml"), yaml);
      return new AuthzHarness(dir, settings);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public Answer check(Envoy request) {
    return check(request.build());
  }

  public Answer check(CheckRequest request) {
    return new Answer(stub.withDeadlineAfter(10, TimeUnit.SECONDS).check(request));
  }

  public AuthorizationGrpc.AuthorizationBlockingStub stub() {
    return stub;
  }

  public AuthorizationGrpc.AuthorizationFutureStub futureStub() {
    return AuthorizationGrpc.newFutureStub(channel);
  }

  public Path dir() {
    return dir;
  }

  public AuthzServer server() {
    return server;
  }

  /** Replaces the policies file and waits until the new version is live (or rejected). */
  public void rewrite(String yaml) {
    try {
      Path tmp = dir.resolve(".policies.yaml.tmp");
      Files.writeString(tmp, yaml);
      Files.move(tmp, dir.resolve("policies.yaml"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** GET on the admin server; returns the body (status in {@link #adminStatus}). */
  public String admin(String path) {
    return adminResponse(path).body();
  }

  public int adminStatus(String path) {
    return adminResponse(path).statusCode();
  }

  private HttpResponse<String> adminResponse(String path) {
    try (HttpClient c = HttpClient.newHttpClient()) {
      return c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    server.close();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temporary directory; best effort
    }
  }
}
