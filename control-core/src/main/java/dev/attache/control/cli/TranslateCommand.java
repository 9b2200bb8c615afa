package dev.attache.control.cli;

import dev.attache.control.extension.ExtensionConfigFile;
import dev.attache.control.extension.ExtensionSetup;
import dev.attache.server.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attache translate}: Gateway API resources to their status, the IR or Envoy
 * configuration, with the flags and output of Envoy Gateway's {@code egctl x translate}.
 */
@Command(name = "translate",
    mixinStandardHelpOptions = true,
    description = {
        "Translates Gateway API resources (multi-document Kubernetes YAML) into the resources with their"
            + " status (gateway-api), the intermediate representation (ir), or per Gateway the Envoy"
            + " configuration a proxy would receive (xds), printed as egctl x translate prints them.",
        "Example: bin/attache translate -f gateway.yaml --to xds -t route -o json"})
public final class TranslateCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
      description = "The input YAML; - reads standard input.")
  String file;

  @Option(names = "--from", defaultValue = "gateway-api",
      description = "Input type. Valid types are [gateway-api]. Default: ${DEFAULT-VALUE}")
  String from;

  @Option(names = "--to", split = ",", defaultValue = "gateway-api,xds", paramLabel = "TYPE[,TYPE]",
      description = "Output types, any of [xds gateway-api ir]. Default: ${DEFAULT-VALUE}")
  List<String> to;

  @Option(names = {"-o", "--output"}, defaultValue = "yaml", paramLabel = "yaml|json",
      description = "Output format: yaml or json. Default: ${DEFAULT-VALUE}")
  String output;

  @Option(names = {"-t", "--type"}, defaultValue = "all", paramLabel = "TYPE",
      description = "xDS resource type, one of [bootstrap endpoint cluster listener route all]."
          + " Default: ${DEFAULT-VALUE}")
  String type;

  @Option(names = "--add-missing-resources",
      description = "Make up what the input lacks: Services the routes reference, cluster IPs, a default"
          + " EnvoyProxy.")
  boolean addMissingResources;

  @Option(names = "--dns-domain", defaultValue = "cluster.local",
      description = "DNS domain of Kubernetes Services (for the rate-limit service address). Default: ${DEFAULT-VALUE}")
  String dnsDomain;

  @Option(names = {"-n", "--namespace"}, defaultValue = "envoy-gateway-system",
      description = "Namespace the control plane runs in (for the rate-limit service address)."
          + " Default: ${DEFAULT-VALUE}")
  String namespace;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Envoy Gateway's EnvoyGateway configuration: its extensionManager(s) are called during the"
          + " xDS translation, and objects of their kinds in the input are read.")
  Path config;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    var options = new EgctlTranslation.Options(to, type, namespace, dnsDomain, addMissingResources, file);
    String input;
    try {
      EgctlTranslation.validate(from, options);
      input = file.equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
          : Files.readString(Path.of(file));
    } catch (EgctlTranslation.TranslateException e) {
      err.println("Error: " + e.getMessage());
      err.flush();
      return 1;
    } catch (IOException e) {
      err.println("Error: unable to read input file: " + e.getMessage());
      err.flush();
      return 1;
    }
    ExtensionSetup extensions = null;
    if (config != null) {
      try {
        ExtensionConfigFile file = ExtensionConfigFile.read(config);
        if (file.hasExtensions()) {
          extensions = new ExtensionSetup(file, namespace, null);
        }
      } catch (IOException e) {
        err.println("Error: unable to read config file: " + e.getMessage());
        err.flush();
        return 1;
      } catch (ConfigException e) {
        err.println("Error: " + e.getMessage());
        err.flush();
        return 1;
      }
    }
    try {
      var result = EgctlTranslation.translate(input, options, extensions);
      PrintWriter out = spec.commandLine().getOut();
      out.print(EgctlTranslation.print(result, output));
      out.flush();
      if (extensions != null) {
        // The output already shows the failure modes' effect; say which extension failed and why.
        extensions.failures().forEach((gateway, failures) -> failures.forEach(f ->
            err.println("Warning: gateway " + gateway + ": " + f)));
        err.flush();
      }
      return 0;
    } catch (EgctlTranslation.TranslateException e) {
      err.println("Error: " + e.getMessage());
      err.flush();
      return 1;
    } finally {
      if (extensions != null) {
        extensions.close();
      }
    }
  }
}
