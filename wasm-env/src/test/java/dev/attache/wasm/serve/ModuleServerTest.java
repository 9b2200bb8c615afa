package dev.attache.wasm.serve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.wasm.CodeResolution.Served;
import dev.attache.wasm.WasmModules;
import dev.attache.wasm.cache.ModuleRequest;
import dev.attache.wasm.cache.ModuleSource;
import dev.attache.wasm.cache.PullPolicy;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.testing.Downloads;
import dev.attache.wasm.testing.HttpSource;
import dev.attache.wasm.testing.TestModules;
import dev.attache.wasm.testing.WasmFixture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server Envoy downloads from hands out only what was published, at paths nobody can guess. */
class ModuleServerTest {
  static final byte[] KEY = "a shared key for the replicas 0123456789".getBytes();
  @TempDir Path dir;
  HttpSource source;
  WasmModules wasm;
  byte[] module = TestModules.withCustomSection("served", 40);

  @BeforeEach
  void start() {
    source = HttpSource.start().serve("/filter.wasm", module);
    wasm = WasmFixture.builder(WasmFixture.settings(dir)).pathKey(KEY).start();
  }

  @AfterEach
  void stop() {
    wasm.close();
    source.close();
  }

  private Served resolve(String gateway) {
    return (Served) wasm.resolve(gateway, ModuleRequest.of(new ModuleSource.Http(source.url("/filter.wasm")),
        Sha256.of(module), PullPolicy.UNSPECIFIED, "envoyextensionpolicy/default/p/wasm/0", "1"));
  }

  private URI onServer(String path) {
    return URI.create("http://127.0.0.1:" + wasm.server().port() + "/" + path);
  }

  @Test
  void pathsAreKeyedHashesThatSayNothingAboutTheModule() {
    URI url = resolve("default/gateway-1").code().servingUrl();

    String path = url.getPath().substring(1);
    assertThat(path).matches(Pattern.compile("[A-Za-z0-9_-]{43}\\.wasm"));
    assertThat(path).isEqualTo(ServingPaths.withKey(KEY)
        .pathFor("default/gateway-1", source.url("/filter.wasm").toString(), Sha256.of(module)));
  }

  @Test
  void aGatewayGetsOnlyWhatItsOwnPoliciesPublished() {
    String otherGatewaysPath = ServingPaths.withKey(KEY)
        .pathFor("team-b/gateway-2", source.url("/filter.wasm").toString(), Sha256.of(module));
    URI forA = resolve("team-a/gateway-1").code().servingUrl();

    assertThat(Downloads.get(forA).status()).isEqualTo(200);
    assertThat(Downloads.get(onServer(otherGatewaysPath)).status()).isEqualTo(404);

    URI forB = resolve("team-b/gateway-2").code().servingUrl();
    assertThat(forB).isNotEqualTo(forA);
    assertThat(forB.getPath()).isEqualTo("/" + otherGatewaysPath);
    assertThat(Downloads.get(forB).body()).isEqualTo(module);
  }

  @Test
  void unknownPathsAreA404ThatRevealsNothing() {
    resolve("default/gateway-1");

    assertThat(Downloads.get(onServer("")).status()).isEqualTo(404);
    assertThat(Downloads.get(onServer(Sha256.of(module).hex() + ".wasm")).status()).isEqualTo(404);
    assertThat(Downloads.get(onServer("filter.wasm")).status()).isEqualTo(404);
    assertThat(Downloads.get(onServer("metrics")).status()).isEqualTo(404);
  }

  @Test
  void onlyGetAndHeadAreAnswered() {
    URI url = resolve("default/gateway-1").code().servingUrl();

    Downloads.Result head = Downloads.send(HttpRequest.newBuilder(url).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    Downloads.Result post = Downloads.send(HttpRequest.newBuilder(url).POST(HttpRequest.BodyPublishers.ofString("x")).build());

    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(post.status()).isEqualTo(405);
  }

  @Test
  void replicasSharingAKeyPublishTheSamePathsAndRandomKeysDoNot() {
    String url = source.url("/filter.wasm").toString();
    Sha256 sha = Sha256.of(module);

    assertThat(ServingPaths.withKey(KEY).pathFor("gw", url, sha)).isEqualTo(ServingPaths.withKey(KEY.clone()).pathFor("gw", url, sha));
    assertThat(ServingPaths.random().pathFor("gw", url, sha)).isNotEqualTo(ServingPaths.random().pathFor("gw", url, sha));
    assertThat(ServingPaths.withKey(KEY).pathFor("gw", url, sha))
        .isNotEqualTo(ServingPaths.withKey(KEY).pathFor("gw", url, Sha256.of(TestModules.empty())));
  }
}
