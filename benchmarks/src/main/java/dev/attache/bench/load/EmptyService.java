package dev.attache.bench.load;

import static java.util.Objects.requireNonNull;

import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;

/**
 * The baseline every load benchmark measures first: the same gRPC method, the same request
 * shape, answered with a constant response built once. What a service costs on top of gRPC
 * itself is its ratio to this.
 */
public final class EmptyService {
  private EmptyService() {}

  public static <Q, R> ServerServiceDefinition of(MethodDescriptor<Q, R> method, R constant) {
    requireNonNull(constant, "constant");
    String service = requireNonNull(method.getServiceName(), "method has no service name");
    return ServerServiceDefinition.builder(service)
        .addMethod(method, ServerCalls.asyncUnaryCall((request, out) -> {
          out.onNext(constant);
          out.onCompleted();
        }))
        .build();
  }
}
