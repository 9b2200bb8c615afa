package dev.attache.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway CA with a server certificate (for localhost and 127.0.0.1) and a client
 * certificate, all PEM files in a folder, made with the JDK's own keytool so tests need no extra
 * library. Keys are EC P-256 in PKCS#8.
 */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {
  private static final String PASS = "changeit";

  /**
   * One set shared by every test on this machine (keytool is slow to start, and each set costs
   * seven runs of it), made again when older than a day; certificates are valid for two.
   */
  public static synchronized TestCertificates shared() throws IOException, InterruptedException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"), "attache-test-certificates-v1");
    Files.createDirectories(dir);
    try (java.nio.channels.FileChannel lock = java.nio.channels.FileChannel.open(dir.resolve(".lock"),
        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
         var held = lock.lock()) {
      Path done = dir.resolve("complete");
      boolean fresh = Files.exists(done) && Files.getLastModifiedTime(done).toInstant()
          .isAfter(java.time.Instant.now().minus(java.time.Duration.ofDays(1)));
      if (!fresh) {
        try (var old = Files.list(dir)) {
          for (Path p : old.filter(p -> !p.getFileName().toString().equals(".lock")).toList()) {
            Files.delete(p);
          }
        }
        generate(dir);
        Files.writeString(done, "ok\n");
      }
      return layout(dir);
    }
  }

  private static TestCertificates layout(Path dir) {
    return new TestCertificates(dir.resolve("ca.crt"), dir.resolve("server-chain.pem"), dir.resolve("server.key"),
        dir.resolve("client-chain.pem"), dir.resolve("client.key"));
  }

  public static TestCertificates generate(Path dir) throws IOException, InterruptedException {
    Path ca = dir.resolve("ca.p12");
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=attache-test-ca", "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString());
    Path caCert = dir.resolve("ca.crt");
    keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", ca.toString(), "-file", caCert.toString());
    Path[] server = leaf(dir, "server", ca, caCert);
    Path[] client = leaf(dir, "client", ca, caCert);
    return new TestCertificates(caCert, server[0], server[1], client[0], client[1]);
  }

  /** Makes a leaf signed by the CA; returns its PEM chain and PEM key. */
  private static Path[] leaf(Path dir, String name, Path ca, Path caCert) throws IOException, InterruptedException {
    Path store = dir.resolve(name + ".p12");
    keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1",
        "-dname", "CN=" + name, "-validity", "2", "-keystore", store.toString());
    Path csr = dir.resolve(name + ".csr");
    keytool("-certreq", "-alias", name, "-keystore", store.toString(), "-file", csr.toString());
    Path crt = dir.resolve(name + ".crt");
    keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-infile", csr.toString(),
        "-outfile", crt.toString(), "-rfc", "-validity", "2",
        "-ext", "san=dns:localhost,ip:127.0.0.1", "-ext", "eku=serverAuth,clientAuth");
    Path chain = dir.resolve(name + "-chain.pem");
    Files.writeString(chain, Files.readString(crt) + Files.readString(caCert));
    Path key = dir.resolve(name + ".key");
    Files.writeString(key, pemKey(store, name));
    return new Path[] {chain, key};
  }

  private static String pemKey(Path store, String alias) throws IOException {
    try (InputStream in = Files.newInputStream(store)) {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(in, PASS.toCharArray());
      PrivateKey key = (PrivateKey) ks.getKey(alias, PASS.toCharArray());
      return "-----BEGIN PRIVATE KEY-----\n"
          + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
          + "\n-----END PRIVATE KEY-----\n";
    } catch (GeneralSecurityException e) {
      throw new IOException("reading test key " + alias + ": " + e, e);
    }
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-storetype", "PKCS12", "-storepass", PASS, "-keypass", PASS, "-noprompt"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed: " + out);
    }
  }
}
