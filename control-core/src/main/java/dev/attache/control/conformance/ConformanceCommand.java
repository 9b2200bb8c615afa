package dev.attache.control.conformance;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code attache conformance PATH}: runs Envoy Gateway's golden corpora and prints pass counts. */
@Command(name = "conformance", mixinStandardHelpOptions = true,
    description = {
        "Run Envoy Gateway's golden corpora (gatewayapi, xds-ir, extension-xds-ir, "
            + "ratelimit-config, egctl) found under PATH through Attaché's translators and compare "
            + "the outputs by meaning.",
        "PATH is a folder laid out like shared/conformance/envoy-gateway, or an "
            + "envoyproxy/gateway checkout.",
        "extension-xds-ir runs against a reference extension server (upstream's test server, "
            + "rewritten with Attaché's SDK) started on 127.0.0.1, failing open as upstream's goldens do."},
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {
        "0:the corpora ran (and every floor held)",
        "1:a corpus passed fewer cases than its --floor",
        "2:bad arguments or an unreadable corpus or floor file"})
public final class ConformanceCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(paramLabel = "PATH", description = "Root of the corpus.")
  Path path;

  @Option(names = "--json", description = "Print {\"cases\":[…]} instead of the text report.")
  boolean json;

  @Option(names = "--floor", paramLabel = "FILE",
      description = "Properties file of per-corpus minimum pass counts (e.g. xds-ir=130); "
          + "exit 1 when a corpus falls below.")
  Path floor;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!Files.isDirectory(path)) {
      err.println("conformance: " + path + ": not a directory");
      return 2;
    }
    Map<String, Integer> minimums = Map.of();
    if (floor != null) {
      try {
        minimums = ConformanceFloor.read(floor);
      } catch (IOException | IllegalArgumentException e) {
        err.println("conformance: floor " + e.getMessage());
        return 2;
      }
    }
    ConformanceReport report;
    try {
      report = ConformanceRunner.run(path);
    } catch (IllegalArgumentException e) {
      err.println("conformance: " + e.getMessage());
      return 2;
    }
    out.print(json ? report.json() + "\n" : report.text());
    out.flush();
    List<String> below = report.belowFloor(minimums);
    for (String line : below) {
      err.println("conformance: below floor: " + line);
    }
    err.flush();
    return below.isEmpty() ? 0 : 1;
  }
}
