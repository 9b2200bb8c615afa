package dev.attache.extension.example;

import dev.attache.extension.sdk.HookServer;
import dev.attache.server.cli.LogOptions;
import dev.attache.server.cli.ServerProcess;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code attache extension-example}: runs the worked-example hook server ({@link HeaderStampHooks}). */
@Command(name = "extension-example", mixinStandardHelpOptions = true,
    description = {"Run the example extension server: adds the request headers of HeaderStamp "
        + "(example.attache.dev/v1alpha1) filters to the routes that use them.",
        "Works behind Envoy Gateway and behind Attaché."})
public final class ExtensionExampleCommand implements Callable<Integer> {
  @Option(names = "--address", defaultValue = "0.0.0.0", description = "Address to listen on. Default: ${DEFAULT-VALUE}")
  String address;

  @Option(names = "--port", defaultValue = "5005", description = "gRPC port. Default: ${DEFAULT-VALUE}")
  int port;

  @Option(names = "--admin-port", defaultValue = "5006",
      description = "Admin HTTP port (/metrics, /healthz, /ready). Default: ${DEFAULT-VALUE}")
  int adminPort;

  @Mixin
  LogOptions logging;

  @Override
  public Integer call() throws Exception {
    logging.apply();
    ServerProcess process = new ServerProcess();
    process.own(HookServer.builder(new HeaderStampHooks()).host(address).port(port).adminPort(adminPort)
        .build().start());
    return process.awaitShutdown();
  }
}
