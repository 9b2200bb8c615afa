package dev.attache.control.extension;

import dev.attache.extension.protocol.EnvoyGatewayExtensionGrpc;
import dev.attache.server.grpc.GrpcServer;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * An extension server on 127.0.0.1 that answers every hook with bytes that are not a protobuf
 * message (a length prefix promising more than follows), as a broken server might.
 */
final class MalformedHookServer implements AutoCloseable {
  private static final byte[] GARBAGE = {0x0A, 0x7F, 0x01};

  private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
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
  };

  private final GrpcServer server;

  MalformedHookServer() {
    ServerServiceDefinition.Builder service = ServerServiceDefinition.builder(EnvoyGatewayExtensionGrpc.SERVICE_NAME);
    for (var method : EnvoyGatewayExtensionGrpc.getServiceDescriptor().getMethods()) {
      MethodDescriptor<byte[], byte[]> raw = method.toBuilder(BYTES, BYTES).build();
      service.addMethod(raw, ServerCalls.asyncUnaryCall((request, response) -> {
        response.onNext(GARBAGE);
        response.onCompleted();
      }));
    }
    server = GrpcServer.builder("malformed-extension").host("127.0.0.1").port(0).addService(service.build())
        .shutdownGrace(java.time.Duration.ZERO)
        .build().start();
  }

  int port() {
    return server.port();
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
