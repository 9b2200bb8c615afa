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
import dev.attache.wasm.testing.Downloads;
import dev.attache.wasm.testing.FreePorts;
import dev.attache.wasm.testing.HttpSource;
import dev.attache.wasm.testing.TestModules;
import dev.attache.wasm.testing.TestTls;
import dev.attache.wasm.testing.WasmFixture;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS sources verified against the policy's CA ({@code tls.caCertificateRef}), and serving over TLS. */
class HttpsModuleTest {
  @TempDir Path dir;
  HttpSource source;
  byte[] module = TestModules.withCustomSection("tls", 30);

  @BeforeEach
  void start() {
    source = HttpSource.startTls().serve("/filter.wasm", module);
  }

  @AfterEach
  void stop() {
    source.close();
  }

  private static CodeResolution resolve(WasmModules wasm, URI url, byte[] caPem, Sha256 sha) {
    return wasm.resolve("default/gw", new ModuleRequest(new ModuleSource.Http(url), sha, PullPolicy.UNSPECIFIED,
        caPem, "envoyextensionpolicy/default/p/wasm/0", "1"));
  }

  @Test
  void httpsSourceTrustedThroughThePolicysCaIsServed() {
    try (WasmModules wasm = WasmFixture.start(WasmFixture.settings(dir))) {
      CodeResolution r = resolve(wasm, source.url("/filter.wasm"), TestTls.caPem(), Sha256.of(module));

      assertThat(r).isInstanceOf(Served.class);
      assertThat(Downloads.get(((Served) r).code().servingUrl()).body()).isEqualTo(module);
    }
  }

  @Test
  void httpsSourceSignedByAnUnknownAuthorityIsRefused() {
    try (WasmModules wasm = WasmFixture.start(WasmFixture.settings(dir))) {
      CodeResolution r = resolve(wasm, source.url("/filter.wasm"), null, Sha256.of(module));

      assertThat(r).isInstanceOf(Failed.class);
      assertThat(((Failed) r).kind()).isEqualTo(Kind.UNREACHABLE);
      assertThat(((Failed) r).message()).startsWith("wasm module download failed after 2 attempts, last error: Get \""
          + source.url("/filter.wasm") + "\": tls: ");
      assertThat(source.hits("/filter.wasm")).isZero();
    }
  }

  @Test
  void anUnreadableCaBundleIsReported() {
    try (WasmModules wasm = WasmFixture.start(WasmFixture.settings(dir))) {
      CodeResolution r = resolve(wasm, source.url("/filter.wasm"), "not a certificate".getBytes(), null);

      assertThat(r).isEqualTo(new Failed(Kind.INVALID_SOURCE, "failed to append CA certificate to pool"));
    }
  }

  @Test
  void theModuleServerServesOverTlsWhenGivenACertificate() {
    int port = FreePorts.next();
    try (WasmModules wasm = WasmModules.builder(WasmFixture.settings(dir)).host("127.0.0.1").port(port)
        .servingBaseUri(URI.create("https://127.0.0.1:" + port)).tls(TestTls.server()).start()) {
      Served served = (Served) resolve(wasm, source.url("/filter.wasm"), TestTls.caPem(), Sha256.of(module));

      assertThat(served.code().servingUrl().getScheme()).isEqualTo("https");
      assertThat(Downloads.get(served.code().servingUrl(), TestTls.client()).body()).isEqualTo(module);
    }
  }
}
