package dev.attache.wasm.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.wasm.CodeResolution;
import dev.attache.wasm.CodeResolution.Served;
import dev.attache.wasm.WasmModules;
import dev.attache.wasm.testing.HttpSource;
import dev.attache.wasm.testing.TestModules;
import dev.attache.wasm.testing.WasmFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many policies naming one module at once cause one download. */
class ConcurrentResolveTest {
  @TempDir Path dir;

  @Test
  void concurrentRequestsForOneSourceFetchItOnce() throws Exception {
    byte[] module = TestModules.withCustomSection("shared", 100);
    try (HttpSource source = HttpSource.start();
         WasmModules wasm = WasmFixture.start(WasmFixture.settings(dir));
         ExecutorService pool = Executors.newFixedThreadPool(8)) {
      // The body takes a while, so the other requests arrive while the first is downloading.
      source.stall("/filter.wasm", module, 8, Duration.ofMillis(300));
      List<Future<CodeResolution>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String gateway = "ns/gateway-" + i;
        results.add(pool.submit(() -> wasm.resolve(gateway, ModuleRequest.of(
            new ModuleSource.Http(source.url("/filter.wasm")), null, PullPolicy.IF_NOT_PRESENT,
            "envoyextensionpolicy/ns/p/wasm/0", "1"))));
      }

      for (Future<CodeResolution> f : results) {
        assertThat(f.get()).isInstanceOf(Served.class);
      }
      assertThat(source.hits("/filter.wasm")).isEqualTo(1);
      assertThat(results.stream().map(this::sha).distinct()).hasSize(1);
    }
  }

  private String sha(Future<CodeResolution> f) {
    try {
      return ((Served) f.get()).code().sha256().hex();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
