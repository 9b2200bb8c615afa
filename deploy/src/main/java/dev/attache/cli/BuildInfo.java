package dev.attache.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** The version and git commit baked into the distribution at build time. */
record BuildInfo(String version, String commit, boolean dirty) implements IVersionProvider {
  BuildInfo() {
    this(load());
  }

  private BuildInfo(Properties p) {
    this(p.getProperty("version", "unknown"),
        clean(p.getProperty("commit")),
        "true".equals(p.getProperty("dirty")));
  }

  static BuildInfo current() {
    return new BuildInfo();
  }

  /** One line: {@code attache 0.1.0 (commit 1234abcd)}. */
  String line() {
    return "attache " + version + " (commit " + commit + (dirty ? ", modified" : "") + ")";
  }

  @Override
  public String[] getVersion() {
    return new String[] {line()};
  }

  private static String clean(String commit) {
    // Without a git checkout the placeholder is left unfiltered.
    return commit == null || commit.isBlank() || commit.startsWith("${") ? "unknown" : commit;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }
}
