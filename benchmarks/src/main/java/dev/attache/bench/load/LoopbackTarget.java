package dev.attache.bench.load;

import dev.attache.server.grpc.GrpcServer;
import io.grpc.ManagedChannel;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.concurrent.TimeUnit;

/**
 * A service under test on 127.0.0.1, started through the same {@link GrpcServer} plumbing the
 * real servers use (so the baseline and the service pay the same transport costs), with a
 * plaintext channel to it.
 */
public final class LoopbackTarget implements AutoCloseable {
  private final GrpcServer server;
  private final ManagedChannel channel;

  public LoopbackTarget(String name, ServerServiceDefinition service) {
    this.server = GrpcServer.builder(name).host("127.0.0.1").port(0).addService(service).build().start();
    this.channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
        .usePlaintext()
        .flowControlWindow(1 << 20)
        .build();
  }

  public ManagedChannel channel() {
    return channel;
  }

  public int port() {
    return server.port();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.shutdown();
  }
}
