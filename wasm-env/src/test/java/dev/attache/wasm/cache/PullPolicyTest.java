package dev.attache.wasm.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.wasm.CodeResolution;
import dev.attache.wasm.CodeResolution.Failed;
import dev.attache.wasm.CodeResolution.Served;
import dev.attache.wasm.CodeResolution.Stale;
import dev.attache.wasm.WasmModules;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.FetchException.Kind;
import dev.attache.wasm.status.PolicyCondition;
import dev.attache.wasm.status.WasmStatus;
import dev.attache.wasm.testing.Downloads;
import dev.attache.wasm.testing.HttpSource;
import dev.attache.wasm.testing.TestModules;
import dev.attache.wasm.testing.WasmFixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IfNotPresent versus Always, and what happens when a source goes away. */
class PullPolicyTest {
  static final String RESOURCE = "envoyextensionpolicy/default/policy-1/wasm/0";
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

  private CodeResolution resolve(PullPolicy policy, Sha256 sha, String resourceVersion) {
    return wasm.resolve("default/gateway-1", ModuleRequest.of(
        new ModuleSource.Http(source.url("/filter.wasm")), sha, policy, RESOURCE, resourceVersion));
  }

  @Test
  void ifNotPresentFetchesOnceEvenWhenThePolicyChanges() {
    source.serve("/filter.wasm", TestModules.withCustomSection("v1", 10));

    CodeResolution first = resolve(PullPolicy.IF_NOT_PRESENT, null, "1");
    source.serve("/filter.wasm", TestModules.withCustomSection("v2", 10));
    CodeResolution second = resolve(PullPolicy.IF_NOT_PRESENT, null, "2");

    assertThat(source.hits("/filter.wasm")).isEqualTo(1);
    assertThat(second).isEqualTo(first);
  }

  @Test
  void alwaysFetchesAgainWhenTheResourceVersionChanges() {
    byte[] v1 = TestModules.withCustomSection("v1", 10);
    byte[] v2 = TestModules.withCustomSection("v2", 10);
    source.serve("/filter.wasm", v1);

    CodeResolution first = resolve(PullPolicy.ALWAYS, null, "1");
    CodeResolution sameVersion = resolve(PullPolicy.ALWAYS, null, "1");
    source.serve("/filter.wasm", v2);
    CodeResolution newVersion = resolve(PullPolicy.ALWAYS, null, "2");

    assertThat(source.hits("/filter.wasm")).isEqualTo(2);
    assertThat(((Served) first).code().sha256()).isEqualTo(Sha256.of(v1));
    assertThat(sameVersion).isEqualTo(first);
    assertThat(((Served) newVersion).code().sha256()).isEqualTo(Sha256.of(v2));
    assertThat(Downloads.get(((Served) newVersion).code().servingUrl()).body()).isEqualTo(v2);
  }

  @Test
  void aSha256MakesThePullPolicyIrrelevant() {
    byte[] module = TestModules.withCustomSection("pinned", 10);
    source.serve("/filter.wasm", module);

    resolve(PullPolicy.ALWAYS, Sha256.of(module), "1");
    CodeResolution again = resolve(PullPolicy.ALWAYS, Sha256.of(module), "2");

    assertThat(again).isInstanceOf(Served.class);
    assertThat(source.hits("/filter.wasm")).isEqualTo(1);
  }

  @Test
  void alwaysKeepsServingTheCachedModuleWhenTheSourceIsDownAndSaysSo() {
    byte[] module = TestModules.withCustomSection("kept", 10);
    source.serve("/filter.wasm", module);
    Served before = (Served) resolve(PullPolicy.ALWAYS, null, "1");
    String url = source.url("/filter.wasm").toString();
    source.close();

    CodeResolution after = resolve(PullPolicy.ALWAYS, null, "2");

    assertThat(after).isInstanceOf(Stale.class);
    Stale stale = (Stale) after;
    assertThat(stale.code()).isEqualTo(before.code());
    assertThat(stale.kind()).isEqualTo(Kind.UNREACHABLE);
    assertThat(stale.problem()).isEqualTo("wasm module download failed after 2 attempts, last error: Get \""
        + url + "\": connect: connection refused");
    assertThat(Downloads.get(stale.code().servingUrl()).body()).isEqualTo(module);
    PolicyCondition warning = WasmStatus.stale(List.of(stale.problem()));
    assertThat(warning.type()).isEqualTo("Warning");
    assertThat(warning.status()).isEqualTo("True");
    assertThat(warning.reason()).isEqualTo("WasmModuleStale");
    assertThat(warning.message()).isEqualTo("Wasm: serving the module cached earlier because its source could not"
        + " be checked: " + stale.problem() + ".");
  }

  @Test
  void theSourceIsCheckedAgainUntilItAnswers() {
    byte[] v1 = TestModules.withCustomSection("v1", 10);
    byte[] v2 = TestModules.withCustomSection("v2", 10);
    source.serve("/filter.wasm", v1);
    resolve(PullPolicy.ALWAYS, null, "1");
    int port = source.port();
    source.close();
    assertThat(resolve(PullPolicy.ALWAYS, null, "2")).isInstanceOf(Stale.class);

    source = HttpSource.startOn(port).serve("/filter.wasm", v2);
    CodeResolution recovered = resolve(PullPolicy.ALWAYS, null, "2");

    assertThat(recovered).isInstanceOf(Served.class);
    assertThat(((Served) recovered).code().sha256()).isEqualTo(Sha256.of(v2));
  }

  @Test
  void withoutACachedModuleAnUnreachableSourceFails() {
    source.close();

    CodeResolution r = resolve(PullPolicy.ALWAYS, null, "1");

    assertThat(r).isInstanceOf(Failed.class);
  }

  @Test
  void aSourceThatFailedTooOftenIsLeftAloneForAWhile() {
    wasm.close();
    wasm = WasmFixture.start(WasmFixture.settings(dir).withFailedAttempts(2, Duration.ofHours(1)));
    source.status("/filter.wasm", 404);

    for (int i = 0; i < 3; i++) {
      assertThat(resolve(PullPolicy.IF_NOT_PRESENT, null, "1")).isInstanceOf(Failed.class);
    }
    CodeResolution refused = resolve(PullPolicy.IF_NOT_PRESENT, null, "1");

    assertThat(source.hits("/filter.wasm")).isEqualTo(3);
    assertThat(refused).isEqualTo(new Failed(Kind.UNREACHABLE,
        "failed to get Wasm module " + source.url("/filter.wasm") + " after 2 attempts"));
  }

  @Test
  void aSourceLeftAloneIsTriedAgainAfterTheDelay() throws InterruptedException {
    wasm.close();
    wasm = WasmFixture.start(WasmFixture.settings(dir).withFailedAttempts(1, Duration.ofMillis(200)));
    source.status("/filter.wasm", 404);
    resolve(PullPolicy.IF_NOT_PRESENT, null, "1");
    resolve(PullPolicy.IF_NOT_PRESENT, null, "1");
    assertThat(resolve(PullPolicy.IF_NOT_PRESENT, null, "1")).isInstanceOf(Failed.class);
    assertThat(source.hits("/filter.wasm")).isEqualTo(2);

    Thread.sleep(300);
    source.serve("/filter.wasm", TestModules.empty());

    assertThat(resolve(PullPolicy.IF_NOT_PRESENT, null, "1")).isInstanceOf(Served.class);
  }
}
