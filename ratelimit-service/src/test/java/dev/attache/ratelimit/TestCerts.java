package dev.attache.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA with a server certificate for 127.0.0.1 ({@code server.crt}, {@code server.key})
 * and a client certificate ({@code client.crt}, {@code client.key}), made with openssl.
 */
public final class TestCerts {
  private TestCerts() {
  }

  public static void generate(Path dir) throws IOException {
    Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    run(dir, "ca.crt", "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "2", "-subj", "/CN=attache-test-ca");
    for (String who : List.of("server", "client")) {
      run(dir, who + ".csr", "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", who + ".key", "-out", who + ".csr",
          "-subj", "/CN=" + (who.equals("server") ? "localhost" : "attache-test-client"));
      run(dir, who + ".crt", "openssl", "x509", "-req", "-in", who + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
          "-CAcreateserial", "-out", who + ".crt", "-days", "2", "-extfile", "ext.cnf");
    }
  }

  /** A fresh temporary directory with the certificates in it. */
  public static Path generate() {
    try {
      Path dir = Files.createTempDirectory("attache-test-certs");
      generate(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void run(Path dir, String output, String... cmd) throws IOException {
    try {
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(30, TimeUnit.SECONDS);
      if (!Files.exists(dir.resolve(output))) {
        throw new IOException("openssl failed: " + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
