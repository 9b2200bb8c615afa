package dev.attache.cli;

import dev.attache.extension.example.ExtensionExampleCommand;
import dev.attache.authz.cli.AuthzCommand;
import dev.attache.control.cli.BootstrapCommand;
import dev.attache.control.cli.ServeCommand;
import dev.attache.control.conformance.ConformanceCommand;
import dev.attache.ratelimit.cli.RatelimitCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code attache} command tree. Each module contributes its own commands; they are listed
 * here, in one place, in the order {@code --help} shows them.
 */
@Command(name = "attache",
    mixinStandardHelpOptions = true,
    versionProvider = BuildInfo.class,
    description = "Control plane, extension server and policy engine for Envoy.",
    subcommands = {
        ServeCommand.class,
        BootstrapCommand.class,
        ExtensionExampleCommand.class,
        RatelimitCommand.class,
        VersionCommand.class,
        AuthzCommand.class,
        ConformanceCommand.class,
        CommandLine.HelpCommand.class,
    })
public final class Attache {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line, also used by tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new Attache())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setUsageHelpAutoWidth(true);
  }
}
