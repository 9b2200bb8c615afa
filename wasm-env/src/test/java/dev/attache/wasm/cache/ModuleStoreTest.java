package dev.attache.wasm.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.wasm.CodeResolution.Served;
import dev.attache.wasm.WasmModules;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.FetchedModule;
import dev.attache.wasm.testing.Downloads;
import dev.attache.wasm.testing.HttpSource;
import dev.attache.wasm.testing.TestModules;
import dev.attache.wasm.testing.WasmFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache directory: atomic admission, and nothing trusted from an earlier process. */
class ModuleStoreTest {
  @TempDir Path dir;

  @Test
  void whatAnEarlierProcessLeftIsClearedAndNotServed() throws Exception {
    byte[] module = TestModules.withCustomSection("old", 10);
    Served before;
    try (HttpSource source = HttpSource.start().serve("/m.wasm", module);
         WasmModules wasm = WasmFixture.start(WasmFixture.settings(dir))) {
      before = (Served) wasm.resolve("ns/gw", ModuleRequest.of(new ModuleSource.Http(source.url("/m.wasm")),
          null, PullPolicy.IF_NOT_PRESENT, "envoyextensionpolicy/ns/p/wasm/0", "1"));
    }
    Files.writeString(dir.resolve("tmp").resolve("pull-1.part"), "half a module");
    Files.writeString(dir.resolve("keep-me.txt"), "not the cache's");

    try (WasmModules restarted = WasmFixture.start(WasmFixture.settings(dir))) {
      assertThat(restarted.cache().store().count()).isZero();
      assertThat(files(dir.resolve("modules"))).isZero();
      assertThat(files(dir.resolve("tmp"))).isZero();
      assertThat(dir.resolve("keep-me.txt")).exists();
      assertThat(Downloads.get(java.net.URI.create("http://127.0.0.1:" + restarted.server().port()
          + before.code().servingUrl().getPath())).status()).isEqualTo(404);
    }
  }

  @Test
  void admittingMovesTheVerifiedFileIntoPlaceAndEvictsOldestFirst() throws Exception {
    List<StoredModule> evicted = new ArrayList<>();
    ModuleStore store = ModuleStore.open(dir, 25, evicted::add);

    StoredModule a = store.admit(part(store, "aaaaaaaaaa"));
    StoredModule b = store.admit(part(store, "bbbbbbbbbb"));
    StoredModule c = store.admit(part(store, "cccccccccc"));

    assertThat(evicted).containsExactly(a);
    assertThat(store.use(a.sha256())).isEmpty();
    assertThat(Files.readString(c.file())).isEqualTo("cccccccccc");
    assertThat(c.file().getFileName().toString()).isEqualTo(Sha256.of("cccccccccc".getBytes()).hex() + ".wasm");
    assertThat(store.snapshot()).containsExactly(b, c);
    assertThat(files(store.tmpDir())).isZero();
  }

  private static long files(Path d) throws Exception {
    try (var s = Files.list(d)) {
      return s.count();
    }
  }

  private static FetchedModule part(ModuleStore store, String content) throws Exception {
    Path p = Files.createTempFile(store.tmpDir(), "pull-", ".part");
    Files.writeString(p, content);
    return new FetchedModule(p, Sha256.of(content.getBytes()), content.length());
  }
}
