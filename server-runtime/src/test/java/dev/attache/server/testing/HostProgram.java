package dev.attache.server.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A program a test fixture starts from the host (a real {@code redis-server}, a real
 * {@code docker-registry}), found on the {@code PATH} as {@code bin/attache-test} looks for it.
 * When it is missing, {@link #path()} fails with one line naming the program, the tests that need
 * it and the command that installs it: those tests fail at once, all with that line, instead of
 * skipping silently or timing out. bin/attache-test lists the same programs and installs them.
 *
 * @param name the program's file name on the PATH
 * @param debianPackage the Debian package that provides it
 * @param neededBy which tests need it, as a user would name them
 */
public record HostProgram(String name, String debianPackage, String neededBy) {
  public static final HostProgram REDIS_SERVER =
      new HostProgram("redis-server", "redis-server", "ratelimit-service's Redis backend tests");
  public static final HostProgram REDIS_CLI =
      new HostProgram("redis-cli", "redis-tools", "ratelimit-service's Redis tests");
  public static final HostProgram DOCKER_REGISTRY =
      new HostProgram("docker-registry", "docker-registry", "the OCI registry tests (wasm-env, serve)");

  /** The program's path on the PATH; fails with {@link #missingMessage()} when it is not there. */
  public Path path() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(dir, name);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(missingMessage());
  }

  /** One line: what is missing, who needs it and the command that installs it. */
  public String missingMessage() {
    return name + " is not on the PATH, and " + neededBy + " need it: install it with `sudo apt-get update && sudo apt-get install -y "
        + debianPackage + "` (Debian package " + debianPackage + "), or run the tests with bin/attache-test, which does";
  }
}
