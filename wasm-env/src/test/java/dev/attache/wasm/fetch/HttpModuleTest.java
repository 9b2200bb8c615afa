package dev.attache.wasm.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.wasm.CodeResolution;
import dev.attache.wasm.CodeResolution.Failed;
import dev.attache.wasm.CodeResolution.Served;
import dev.attache.wasm.WasmModules;
import dev.attache.wasm.cache.ModuleRequest;
import dev.attache.wasm.cache.ModuleSource;
import dev.attache.wasm.cache.PullPolicy;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.FetchException.Kind;
import dev.attache.wasm.status.PolicyCondition;
import dev.attache.wasm.status.WasmStatus;
import dev.attache.wasm.testing.Downloads;
import dev.attache.wasm.testing.FreePorts;
import dev.attache.wasm.testing.HttpSource;
import dev.attache.wasm.testing.TestModules;
import dev.attache.wasm.testing.WasmFixture;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Modules with {@code code.type: HTTP}, fetched from a real HTTP server on loopback. */
class HttpModuleTest {
  @TempDir Path dir;
  HttpSource source;
  WasmModules wasm;

  @BeforeEach
  void start() {
    source = HttpSource.start();
    wasm = WasmFixture.start(WasmFixture.settings(dir));
  }

  @AfterEach
  void stop() {
    wasm.close();
    source.close();
  }

  private CodeResolution resolve(URI url, Sha256 sha) {
    return wasm.resolve("default/gateway-1",
        ModuleRequest.of(new ModuleSource.Http(url), sha, PullPolicy.UNSPECIFIED,
            "envoyextensionpolicy/default/policy-1/wasm/0", "1"));
  }

  @Test
  void moduleWithTheRightDigestIsServedToEnvoy() {
    byte[] module = TestModules.withCustomSection("right", 200);
    source.serve("/filter.wasm", module);

    CodeResolution r = resolve(source.url("/filter.wasm"), Sha256.of(module));

    assertThat(r).isInstanceOf(Served.class);
    Served served = (Served) r;
    assertThat(served.code().sha256()).isEqualTo(Sha256.of(module));
    assertThat(served.code().originalUrl()).isEqualTo(source.url("/filter.wasm").toString());
    Downloads.Result download = Downloads.get(served.code().servingUrl());
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.body()).isEqualTo(module);
    // The download path reveals neither the source nor the digest.
    String path = served.code().servingUrl().getPath();
    assertThat(path).doesNotContain("filter").doesNotContain(Sha256.of(module).hex()).endsWith(".wasm");
  }

  @Test
  void theSmallestValidModuleIsServed() {
    source.serve("/empty.wasm", TestModules.empty());

    CodeResolution r = resolve(source.url("/empty.wasm"), Sha256.of(TestModules.empty()));

    assertThat(Downloads.get(((Served) r).code().servingUrl()).body()).isEqualTo(TestModules.empty());
  }

  @Test
  void moduleWithTheWrongDigestIsRejectedWithEnvoyGatewaysMessage() {
    byte[] module = TestModules.withCustomSection("actual", 10);
    Sha256 expected = Sha256.of(TestModules.withCustomSection("expected", 10));
    source.serve("/filter.wasm", module);

    CodeResolution r = resolve(source.url("/filter.wasm"), expected);

    assertThat(r).isEqualTo(new Failed(Kind.CHECKSUM_MISMATCH, "module downloaded from "
        + source.url("/filter.wasm") + " has checksum " + Sha256.of(module) + ", which does not match: " + expected));
    PolicyCondition condition = WasmStatus.invalid(List.of(((Failed) r).message()));
    assertThat(condition).isEqualTo(new PolicyCondition("Accepted", "False", "Invalid",
        "Wasm: module downloaded from " + source.url("/filter.wasm") + " has checksum " + Sha256.of(module)
            + ", which does not match: " + expected + "."));
    assertThat(wasm.cache().store().count()).isZero();
    assertThat(WasmFixture.tmpFiles(dir)).isZero();
  }

  @Test
  void unreachableSourceFailsAfterTheConfiguredAttempts() {
    URI url = URI.create("http://127.0.0.1:" + FreePorts.next() + "/filter.wasm");

    CodeResolution r = resolve(url, null);

    assertThat(r).isEqualTo(new Failed(Kind.UNREACHABLE, "wasm module download failed after 2 attempts, last error: Get \""
        + url + "\": connect: connection refused"));
  }

  @Test
  void errorStatusFailsAndOnlyServerErrorsAreRetried() {
    source.status("/gone.wasm", 404).status("/busy.wasm", 503);

    CodeResolution gone = resolve(source.url("/gone.wasm"), null);
    CodeResolution busy = resolve(source.url("/busy.wasm"), null);

    assertThat(gone).isEqualTo(new Failed(Kind.UNREACHABLE,
        "wasm module download failed after 1 attempts, last error: wasm module download request failed: status code 404"));
    assertThat(busy).isEqualTo(new Failed(Kind.UNREACHABLE,
        "wasm module download failed after 2 attempts, last error: wasm module download request failed: status code 503"));
    assertThat(source.hits("/gone.wasm")).isEqualTo(1);
    assertThat(source.hits("/busy.wasm")).isEqualTo(2);
  }

  @Test
  void moduleOverTheSizeLimitIsRejected() {
    wasm.close();
    wasm = WasmFixture.start(WasmFixture.settings(dir).withFetch(WasmFixture.quickFetch().withMaxModuleBytes(100)));
    source.serve("/big.wasm", TestModules.withCustomSection("big", 500));

    CodeResolution r = resolve(source.url("/big.wasm"), null);

    assertThat(r).isEqualTo(new Failed(Kind.TOO_LARGE, "wasm module size exceeds maximum size 100"));
    assertThat(WasmFixture.tmpFiles(dir)).isZero();
  }

  @Test
  void sourceThatStallsMidBodyTimesOutAndNothingIsServed() {
    wasm.close();
    wasm = WasmFixture.start(WasmFixture.settings(dir).withFetch(WasmFixture.quickFetch()
        .withReadTimeout(Duration.ofMillis(300)).withRetries(1, Duration.ZERO, Duration.ZERO)));
    byte[] module = TestModules.withCustomSection("slow", 100);
    source.stall("/slow.wasm", module, 8, Duration.ofSeconds(10));

    long start = System.nanoTime();
    CodeResolution r = resolve(source.url("/slow.wasm"), null);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r).isInstanceOf(Failed.class);
    assertThat(((Failed) r).kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(((Failed) r).message()).startsWith("wasm module download failed after 1 attempts, last error: Get \""
        + source.url("/slow.wasm") + "\": reading the body: timeout: no data for 300 ms");
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(wasm.cache().store().count()).isZero();
    assertThat(WasmFixture.tmpFiles(dir)).isZero();
  }

  @Test
  void aBodyCutShortIsNeverServed() {
    byte[] module = TestModules.withCustomSection("cut", 5000);
    source.truncate("/cut.wasm", module, 100);

    CodeResolution r = resolve(source.url("/cut.wasm"), null);

    assertThat(r).isInstanceOf(Failed.class);
    assertThat(((Failed) r).kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(wasm.cache().store().count()).isZero();
    assertThat(WasmFixture.tmpFiles(dir)).isZero();
  }

  @Test
  void bytesThatAreNotWasmAreRejected() {
    source.serve("/page.html", "<html>not wasm</html>".getBytes());

    CodeResolution r = resolve(source.url("/page.html"), null);

    assertThat(r).isEqualTo(new Failed(Kind.INVALID_MODULE,
        "fetched Wasm binary from " + source.url("/page.html") + " is invalid"));
  }

  @Test
  void gzippedModuleIsUnpackedAndItsDigestIsTheModulesOwn() throws IOException {
    byte[] module = TestModules.withCustomSection("zipped", 300);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(module);
    }
    source.serve("/filter.wasm.gz", gz.toByteArray());

    CodeResolution r = resolve(source.url("/filter.wasm.gz"), Sha256.of(module));

    assertThat(r).isInstanceOf(Served.class);
    assertThat(Downloads.get(((Served) r).code().servingUrl()).body()).isEqualTo(module);
  }

  @Test
  void unsupportedSchemeIsRejected() {
    CodeResolution r = resolve(URI.create("ftp://127.0.0.1/filter.wasm"), null);

    assertThat(r).isEqualTo(new Failed(Kind.INVALID_SOURCE, "unsupported Wasm module downloading URL scheme: ftp"));
  }

  @Test
  void credentialsInTheUrlNeverReachTheMessage() {
    source.serve("/filter.wasm", TestModules.withCustomSection("secret", 10));
    URI wrongDigest = URI.create("http://user:hunter2@127.0.0.1:" + source.port() + "/filter.wasm?token=hunter3");
    URI refused = URI.create("http://user:hunter2@127.0.0.1:" + FreePorts.next() + "/filter.wasm?token=hunter3");

    String mismatch = ((Failed) resolve(wrongDigest, Sha256.of(TestModules.empty()))).message();
    String unreachable = ((Failed) resolve(refused, null)).message();

    assertThat(mismatch).startsWith("module downloaded from http://127.0.0.1:" + source.port() + "/filter.wasm has checksum")
        .doesNotContain("hunter");
    assertThat(unreachable).contains("Get \"http://127.0.0.1:").contains("connection refused").doesNotContain("hunter");
  }
}
