package dev.attache.wasm.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.wasm.CodeResolution;
import dev.attache.wasm.CodeResolution.Failed;
import dev.attache.wasm.CodeResolution.Served;
import dev.attache.wasm.WasmModules;
import dev.attache.wasm.fetch.FetchException.Kind;
import dev.attache.wasm.testing.Downloads;
import dev.attache.wasm.testing.HttpSource;
import dev.attache.wasm.testing.TestModules;
import dev.attache.wasm.testing.WasmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache stays under its size limit by evicting the least recently used modules. */
class CacheEvictionTest {
  @TempDir Path dir;
  HttpSource source;
  WasmModules wasm;
  byte[] a = TestModules.withCustomSection("a", 1000);
  byte[] b = TestModules.withCustomSection("b", 1000);
  byte[] c = TestModules.withCustomSection("c", 1000);

  @BeforeEach
  void start() {
    source = HttpSource.start().serve("/a.wasm", a).serve("/b.wasm", b).serve("/c.wasm", c);
    // Room for two of the three modules.
    wasm = WasmFixture.start(WasmFixture.settings(dir).withMaxBytes(a.length * 5L / 2));
  }

  @AfterEach
  void stop() {
    wasm.close();
    source.close();
  }

  private CodeResolution resolve(String path) {
    return wasm.resolve("default/gateway-1", ModuleRequest.of(new ModuleSource.Http(source.url(path)), null,
        PullPolicy.IF_NOT_PRESENT, "envoyextensionpolicy/default/p/wasm/0", "1"));
  }

  @Test
  void leastRecentlyUsedModuleIsEvictedAndNoLongerServed() throws Exception {
    Served sa = (Served) resolve("/a.wasm");
    Served sb = (Served) resolve("/b.wasm");
    resolve("/a.wasm"); // a is now more recently used than b

    Served sc = (Served) resolve("/c.wasm");

    assertThat(Downloads.get(sb.code().servingUrl()).status()).isEqualTo(404);
    assertThat(Downloads.get(sa.code().servingUrl()).body()).isEqualTo(a);
    assertThat(Downloads.get(sc.code().servingUrl()).body()).isEqualTo(c);
    assertThat(wasm.cache().store().totalBytes()).isLessThanOrEqualTo(a.length * 5L / 2);
    assertThat(wasm.cache().store().evictions()).isEqualTo(1);
    try (Stream<Path> files = Files.list(dir.resolve("modules"))) {
      assertThat(files.count()).isEqualTo(2);
    }
  }

  @Test
  void anEvictedModuleIsFetchedAgainWhenAPolicyNeedsIt() {
    resolve("/a.wasm");
    resolve("/b.wasm");
    resolve("/c.wasm"); // evicts a

    Served again = (Served) resolve("/a.wasm");

    assertThat(source.hits("/a.wasm")).isEqualTo(2);
    assertThat(Downloads.get(again.code().servingUrl()).body()).isEqualTo(a);
  }

  @Test
  void servingAModuleCountsAsUsingIt() {
    Served sa = (Served) resolve("/a.wasm");
    Served sb = (Served) resolve("/b.wasm");
    Downloads.get(sa.code().servingUrl()); // Envoy downloads a: b is now the least recently used

    resolve("/c.wasm");

    assertThat(Downloads.get(sa.code().servingUrl()).status()).isEqualTo(200);
    assertThat(Downloads.get(sb.code().servingUrl()).status()).isEqualTo(404);
  }

  @Test
  void aModuleLargerThanTheWholeCacheIsRefused() {
    source.serve("/huge.wasm", TestModules.withCustomSection("huge", 5000));

    CodeResolution r = resolve("/huge.wasm");

    assertThat(r).isEqualTo(new Failed(Kind.TOO_LARGE, "wasm cache size exceeded the limit: " + a.length * 5L / 2));
    assertThat(WasmFixture.tmpFiles(dir)).isZero();
  }
}
