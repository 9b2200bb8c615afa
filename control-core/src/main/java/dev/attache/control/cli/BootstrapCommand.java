package dev.attache.control.cli;

import dev.attache.control.xds.bootstrap.EnvoyBootstrap;
import dev.attache.control.xds.server.XdsServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code attache bootstrap}: prints an Envoy bootstrap that points a proxy at {@code attache serve}. */
@Command(name = "bootstrap",
    mixinStandardHelpOptions = true,
    description = {
        "Prints an Envoy bootstrap that points Envoy at Attaché's xDS server (ADS over gRPC).",
        "Run Envoy with it: bin/attache bootstrap --gateway default/eg > envoy.yaml && envoy -c envoy.yaml"})
public final class BootstrapCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--xds-address", defaultValue = "127.0.0.1",
      description = "Host name or IP of the xDS server, as Envoy reaches it. Default: ${DEFAULT-VALUE}")
  String xdsAddress;

  @Option(names = "--xds-port", defaultValue = "" + XdsServer.DEFAULT_PORT,
      description = "Port of the xDS server. Default: ${DEFAULT-VALUE}")
  int xdsPort;

  @Option(names = "--gateway", required = true, paramLabel = "NAMESPACE/NAME",
      description = "The Gateway this Envoy serves (the GatewayClass name when gateways are merged);"
          + " it becomes node.cluster, which the xDS server maps to the gateway's snapshot.")
  String gateway;

  @Option(names = "--node-id", paramLabel = "ID",
      description = "node.id of this Envoy. Default: envoy-<namespace>-<name>")
  String nodeId;

  @Option(names = "--wasm-port", defaultValue = "" + EnvoyBootstrap.WASM_DEFAULT_PORT,
      description = "Port of serve's Wasm module server on the xDS address (cluster wasm_cluster)."
          + " Default: ${DEFAULT-VALUE}")
  int wasmPort;

  @Option(names = "--admin-port", defaultValue = "19000",
      description = "Port of Envoy's own admin interface, on 127.0.0.1. Default: ${DEFAULT-VALUE}")
  int adminPort;

  @Option(names = "--sotw",
      description = "Use state-of-the-world ADS instead of delta (incremental) ADS, Envoy Gateway's default.")
  boolean sotw;

  @Option(names = {"-o", "--output"}, defaultValue = "yaml", paramLabel = "yaml|json",
      description = "Output format: yaml or json. Default: ${DEFAULT-VALUE}")
  String output;

  @Override
  public Integer call() {
    if (!gateway.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?(/[a-z0-9]([-a-z0-9.]*[a-z0-9])?)?")) {
      throw new ParameterException(spec.commandLine(), "--gateway: \"" + gateway
          + "\" (expected: <namespace>/<name> of a Gateway, or a GatewayClass name)");
    }
    String format = output.toLowerCase(java.util.Locale.ROOT);
    if (!format.equals("yaml") && !format.equals("json")) {
      throw new ParameterException(spec.commandLine(), "-o: \"" + output + "\" (expected: yaml or json)");
    }
    String id = nodeId != null ? nodeId : "envoy-" + gateway.replace('/', '-');
    EnvoyBootstrap.Settings settings;
    try {
      settings = new EnvoyBootstrap.Settings(xdsAddress, xdsPort, gateway, id, adminPort, !sotw, wasmPort);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    var bootstrap = EnvoyBootstrap.of(settings);
    PrintWriter out = spec.commandLine().getOut();
    out.print(format.equals("json") ? EnvoyBootstrap.json(bootstrap) : EnvoyBootstrap.yaml(bootstrap));
    out.flush();
    return 0;
  }
}
