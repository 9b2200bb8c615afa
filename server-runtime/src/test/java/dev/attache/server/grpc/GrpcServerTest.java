package dev.attache.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GrpcServerTest {
  /** A unary method with raw bytes, so the test needs no generated code of its own. */
  private static final MethodDescriptor<byte[], byte[]> SLOW = MethodDescriptor.<byte[], byte[]>newBuilder()
      .setType(MethodDescriptor.MethodType.UNARY)
      .setFullMethodName("attache.test.Slow/Echo")
      .setRequestMarshaller(new Bytes())
      .setResponseMarshaller(new Bytes())
      .build();

  private final CountDownLatch entered = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private GrpcServer server;
  private ManagedChannel channel;

  private GrpcServer startServer(Duration grace) {
    ServerServiceDefinition slow = ServerServiceDefinition.builder("attache.test.Slow")
        .addMethod(SLOW, ServerCalls.asyncUnaryCall((byte[] req, StreamObserver<byte[]> out) -> {
          entered.countDown();
          try {
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          out.onNext(req);
          out.onCompleted();
        }))
        .build();
    server = GrpcServer.builder("test").host("127.0.0.1").port(0)
        .addService(slow).shutdownGrace(grace).build().start();
    channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    return server;
  }

  @AfterEach
  void tearDown() throws InterruptedException {
    release.countDown();
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.shutdown();
    }
  }

  @Test
  void reportsServingThroughHealthServiceOnEphemeralPort() {
    startServer(Duration.ofSeconds(5));
    assertThat(server.port()).isPositive();
    var health = HealthGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);

    assertThat(health.check(HealthCheckRequest.getDefaultInstance()).getStatus())
        .isEqualTo(ServingStatus.SERVING);
    assertThat(health.check(HealthCheckRequest.newBuilder().setService("attache.test.Slow").build()).getStatus())
        .isEqualTo(ServingStatus.SERVING);

    server.setServing("attache.test.Slow", false);
    assertThat(health.check(HealthCheckRequest.newBuilder().setService("attache.test.Slow").build()).getStatus())
        .isEqualTo(ServingStatus.NOT_SERVING);
    assertThatThrownBy(() -> health.check(HealthCheckRequest.newBuilder().setService("no.Such").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
  }

  @Test
  void servesReflection() throws Exception {
    startServer(Duration.ofSeconds(5));
    CompletableFuture<List<String>> services = new CompletableFuture<>();
    StreamObserver<ServerReflectionRequest> requests = ServerReflectionGrpc.newStub(channel)
        .withDeadlineAfter(5, TimeUnit.SECONDS)
        .serverReflectionInfo(new StreamObserver<>() {
          @Override
          public void onNext(ServerReflectionResponse r) {
            services.complete(r.getListServicesResponse().getServiceList().stream()
                .map(ServiceResponse::getName).toList());
          }

          @Override
          public void onError(Throwable t) {
            services.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    requests.onNext(ServerReflectionRequest.newBuilder().setListServices("*").build());
    requests.onCompleted();

    assertThat(services.get(5, TimeUnit.SECONDS))
        .contains("grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection");
  }

  @Test
  void gracefulShutdownLetsInFlightCallComplete() throws Exception {
    startServer(Duration.ofSeconds(10));
    var inFlight = ClientCalls.futureUnaryCall(
        channel.newCall(SLOW, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS)), new byte[] {42});
    assertThat(entered.await(5, TimeUnit.SECONDS)).as("handler entered").isTrue();

    CompletableFuture<Void> shutdown = CompletableFuture.runAsync(server::shutdown);
    // While draining, the server takes no new connection.
    ManagedChannel late = NettyChannelBuilder.forAddress("127.0.0.1", server.port()).usePlaintext().build();
    try {
      awaitRefused(late);
    } finally {
      late.shutdownNow();
    }
    assertThat(shutdown).isNotDone();

    release.countDown();
    assertThat(inFlight.get(5, TimeUnit.SECONDS)).containsExactly(42);
    shutdown.get(10, TimeUnit.SECONDS);
    assertThat(server.isTerminated()).isTrue();
  }

  @Test
  void shutdownCancelsCallsThatOutliveTheGracePeriod() throws Exception {
    startServer(Duration.ofMillis(200));
    var inFlight = ClientCalls.futureUnaryCall(
        channel.newCall(SLOW, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS)), new byte[] {1});
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

    long start = System.nanoTime();
    server.shutdown();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    assertThatThrownBy(() -> inFlight.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(StatusRuntimeException.class);
  }

  private static void awaitRefused(ManagedChannel late) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      try {
        HealthGrpc.newBlockingStub(late).withDeadlineAfter(1, TimeUnit.SECONDS)
            .check(HealthCheckRequest.getDefaultInstance());
      } catch (StatusRuntimeException e) {
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("a new call was accepted while the server was draining");
  }

  private static final class Bytes implements MethodDescriptor.Marshaller<byte[]> {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
