package dev.attache.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code attache version}: the version and the git commit it was built from. */
@Command(name = "version", mixinStandardHelpOptions = true,
    description = "Print the version and the git commit this build came from.")
final class VersionCommand implements Callable<Integer> {
  @Option(names = "--short", description = "Print the version number only.")
  boolean shortForm;

  @Override
  public Integer call() {
    BuildInfo info = BuildInfo.current();
    System.out.println(shortForm ? info.version() : info.line());
    return 0;
  }
}
