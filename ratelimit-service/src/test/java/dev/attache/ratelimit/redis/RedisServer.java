package dev.attache.ratelimit.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import dev.attache.server.testing.HostProgram;
import dev.attache.server.testing.TestCertificates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for tests: its own free port on 127.0.0.1 and its own temporary
 * directory, no persistence. It can be stopped, frozen (SIGSTOP) and started again on the same
 * port to play an outage.
 */
public final class RedisServer implements AutoCloseable {
  private final int port;
  private final Path dir;
  private final List<String> extraArgs;
  private final String password;
  private final Path configFile;
  private List<String> cliTls = List.of();
  private Path caCert;
  private Process process;

  private RedisServer(int port, Path dir, List<String> extraArgs, String password) {
    this(port, dir, extraArgs, password, null);
  }

  private RedisServer(int port, Path dir, List<String> extraArgs, String password, Path configFile) {
    this.port = port;
    this.dir = dir;
    this.extraArgs = extraArgs;
    this.password = password;
    this.configFile = configFile;
  }

  /** A Sentinel watching {@code primary} under the name {@code primaryName}. */
  public static RedisServer sentinelFor(RedisServer primary, String primaryName) {
    return sentinelFor(primary, primaryName, "", "");
  }

  /**
   * A Sentinel that itself wants {@code password} (its requirepass) and logs in to the primary
   * with {@code primaryPassword}; either may be empty.
   */
  public static RedisServer sentinelFor(RedisServer primary, String primaryName, String password, String primaryPassword) {
    try {
      Path dir = Files.createTempDirectory("redis-sentinel-test");
      Path conf = dir.resolve("sentinel.conf");
      Files.writeString(conf, "sentinel monitor " + primaryName + " 127.0.0.1 " + primary.port() + " 1\n"
          + "sentinel down-after-milliseconds " + primaryName + " 5000\n"
          + (password.isEmpty() ? "" : "requirepass " + password + "\n")
          + (primaryPassword.isEmpty() ? "" : "sentinel auth-pass " + primaryName + " " + primaryPassword + "\n"));
      RedisServer s = new RedisServer(freePort(), dir, List.of("--sentinel"), password, conf);
      s.restart();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A server that speaks only TLS on its port, with the shared test certificate for 127.0.0.1
   * ({@link #caCert()} signed it); clients need no certificate of their own.
   */
  public static RedisServer withTls() {
    try {
      TestCertificates certs = TestCertificates.shared();
      Path dir = Files.createTempDirectory("redis-tls-test");
      int port = freePort();
      RedisServer s = new RedisServer(port, dir, List.of("--port", "0", "--tls-port", Integer.toString(port),
          "--tls-cert-file", certs.serverCert().toString(), "--tls-key-file", certs.serverKey().toString(),
          "--tls-ca-cert-file", certs.caCert().toString(), "--tls-auth-clients", "no"), "");
      s.cliTls = List.of("--tls", "--cacert", certs.caCert().toString());
      s.caCert = certs.caCert();
      s.restart();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The CA that signed a TLS server's certificate (PEM). */
  public Path caCert() {
    return caCert;
  }

  /** A plain server on a given port (to play a Redis that comes up late). */
  public static RedisServer startAt(int port) {
    try {
      RedisServer s = new RedisServer(port, Files.createTempDirectory("redis-test"), List.of(), "");
      s.restart();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A plain server. */
  public static RedisServer start() {
    return start(List.of(), "");
  }

  /** A server that wants {@code password} (requirepass). */
  public static RedisServer withPassword(String password) {
    return start(List.of("--requirepass", password), password);
  }

  /** A node ready to join a cluster (cluster-enabled). */
  public static RedisServer clusterNode() {
    return start(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
        "--cluster-node-timeout", "5000"), "");
  }

  public static RedisServer start(List<String> extraArgs, String password) {
    try {
      RedisServer s = new RedisServer(freePort(), Files.createTempDirectory("redis-test"), List.copyOf(extraArgs), password);
      s.restart();
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  public String url() {
    return "127.0.0.1:" + port;
  }

  /** Starts (again) on the same port and waits until it answers PING. */
  public synchronized void restart() {
    if (process != null && process.isAlive()) {
      return;
    }
    // Both programs are checked before anything starts, so a missing one fails with one line
    // and leaves no server behind.
    Path server = HostProgram.REDIS_SERVER.path();
    HostProgram.REDIS_CLI.path();
    List<String> cmd = new ArrayList<>(List.of(server.toString()));
    if (configFile != null) {
      cmd.add(configFile.toString());
    }
    cmd.addAll(List.of("--port", Integer.toString(port), "--bind", "127.0.0.1",
        "--dir", dir.toString(), "--save", "", "--appendonly", "no", "--daemonize", "no",
        "--protected-mode", "no", "--logfile", dir.resolve("redis.log").toString()));
    cmd.addAll(extraArgs);
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited with " + process.exitValue()
            + ": " + lastLine(dir.resolve("redis.log"), dir.resolve("stdout.log")) + " (see " + dir + ")");
      }
      if (accepts() && cli("PING").contains("PONG")) {
        return;
      }
      sleep(20);
    }
    throw new IllegalStateException("redis-server on port " + port + " did not answer PING within 10 s; see " + dir);
  }

  /** Stops the server (SIGTERM) and waits for it to exit. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  /** Freezes the process (SIGSTOP): connections stay open, nothing answers. */
  public void freeze() {
    signal("-STOP");
  }

  public void thaw() {
    signal("-CONT");
  }

  private void signal(String sig) {
    try {
      new ProcessBuilder("kill", sig, Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Runs {@code redis-cli} against this server and returns its output, trimmed. */
  public String cli(String... args) {
    List<String> cmd = new ArrayList<>(List.of(HostProgram.REDIS_CLI.path().toString(), "-h", "127.0.0.1", "-p", Integer.toString(port)));
    cmd.addAll(cliTls);
    if (!password.isEmpty()) {
      cmd.addAll(List.of("--no-auth-warning", "-a", password));
    }
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  static String run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      return out.trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  /** The last non-blank line among the given log files, for a one-line failure. */
  private static String lastLine(Path... logs) {
    String last = "no output";
    for (Path log : logs) {
      try {
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            last = line.strip();
          }
        }
      } catch (IOException e) {
        // not written (yet): the other log may say more
      }
    }
    return last;
  }

  private boolean accepts() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
