package dev.attache.ratelimit.redis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A throwaway CA and a server certificate for 127.0.0.1, made with openssl. */
final class TestCerts {
  private TestCerts() {
  }

  static void generate(Path dir) throws IOException {
    Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    run(dir, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-days", "2", "-subj", "/CN=attache-test-ca");
    run(dir, "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
        "-subj", "/CN=localhost");
    run(dir, "openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "server.crt", "-days", "2", "-extfile", "ext.cnf");
  }

  private static void run(Path dir, String... cmd) throws IOException {
    String out = RedisServer.run(withDir(dir, cmd));
    if (!Files.exists(dir.resolve(outputOf(cmd)))) {
      throw new IOException("openssl failed: " + out);
    }
  }

  private static String outputOf(String[] cmd) {
    for (int i = 0; i < cmd.length - 1; i++) {
      if (cmd[i].equals("-out")) {
        return cmd[i + 1];
      }
    }
    return "";
  }

  /** openssl writes relative to the working directory; sh -c sets it without another API. */
  private static List<String> withDir(Path dir, String... cmd) {
    StringBuilder b = new StringBuilder("cd '").append(dir).append("' &&");
    for (String c : cmd) {
      b.append(" '").append(c).append('\'');
    }
    return List.of("sh", "-c", b.toString());
  }
}
