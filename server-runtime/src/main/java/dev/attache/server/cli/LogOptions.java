package dev.attache.server.cli;

import dev.attache.server.logging.Logging;
import picocli.CommandLine.Option;

/** {@code --log-format} and {@code --log-level}, shared by every command that runs a server. */
public final class LogOptions {
  @Option(names = "--log-format", defaultValue = "${env:ATTACHE_LOG_FORMAT:-plain}",
      description = "plain or json (env ATTACHE_LOG_FORMAT). Default: ${DEFAULT-VALUE}")
  String format;

  @Option(names = "--log-level", defaultValue = "${env:LOG_LEVEL:-info}",
      description = "trace, debug, info, warn or error (env LOG_LEVEL). Default: ${DEFAULT-VALUE}")
  String level;

  public void apply() {
    Logging.configure(Logging.Format.parse(format), level);
  }
}
