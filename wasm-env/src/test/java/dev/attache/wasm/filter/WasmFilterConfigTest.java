package dev.attache.wasm.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.StringValue;
import dev.attache.wasm.HttpWasmCode;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.testing.TestModules;
import io.envoyproxy.envoy.extensions.filters.http.wasm.v3.Wasm;
import io.envoyproxy.envoy.extensions.wasm.v3.VmConfig;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Wasm filter config passes exactly the listed host environment variables, and nothing else. */
class WasmFilterConfigTest {
  static final String IR_NAME = WasmFilterConfig.irName("default", "policy-1", 0);
  static final HttpWasmCode CODE = new HttpWasmCode(URI.create("http://127.0.0.1:18002/abc.wasm"),
      "https://example.com/filter.wasm", Sha256.of(TestModules.empty()));

  @Test
  void hostKeysReachTheVmAndNoOtherEnvironmentVariableDoes() throws Exception {
    WasmExtension ext = new WasmExtension("filter", null, "{}", false, List.of("SOME_KEY", "ANOTHER_KEY"));

    Wasm wasm = WasmFilterConfig.build(IR_NAME, ext, CODE);

    VmConfig vm = wasm.getConfig().getVmConfig();
    assertThat(vm.getEnvironmentVariables().getHostEnvKeysList()).containsExactly("SOME_KEY", "ANOTHER_KEY");
    assertThat(vm.getEnvironmentVariables().getKeyValuesMap()).isEmpty();
    // The host keys are the config's only mention of environment variables: no key_values are
    // set, and nothing else in the config carries an environment.
    String text = wasm.toString();
    assertThat(text.split("environment_variables", -1)).hasSize(2);
    assertThat(text).doesNotContain("key_values");
    for (String hostVar : System.getenv().keySet()) {
      if (ext.hostKeys().contains(hostVar)) {
        continue;
      }
      assertThat(text).as("host variable " + hostVar).doesNotContain("\"" + hostVar + "\"");
    }
  }

  @Test
  void withoutHostKeysTheVmGetsNoEnvironmentAtAll() {
    Wasm wasm = WasmFilterConfig.build(IR_NAME, new WasmExtension(null, null, null, false, null), CODE);

    assertThat(wasm.getConfig().getVmConfig().hasEnvironmentVariables()).isFalse();
  }

  @Test
  void anEmptyHostKeyListIsAnEmptyEnvironmentAsEnvoyGatewaySendsIt() {
    Wasm wasm = WasmFilterConfig.build(IR_NAME, new WasmExtension(null, null, null, false, List.of()), CODE);

    assertThat(wasm.getConfig().getVmConfig().hasEnvironmentVariables()).isTrue();
    assertThat(wasm.getConfig().getVmConfig().getEnvironmentVariables().getHostEnvKeysList()).isEmpty();
  }

  @Test
  @SuppressWarnings("deprecation") // fail_open, as Envoy Gateway sets it
  void vmIsPerExtensionOnV8WithRemoteCodeFromTheModuleServer() throws Exception {
    Wasm wasm = WasmFilterConfig.build(IR_NAME, new WasmExtension(null, "my-root", "{\"a\":1}", true, null), CODE);

    assertThat(wasm.getConfig().getName()).isEqualTo("envoyextensionpolicy/default/policy-1/wasm/0");
    assertThat(wasm.getConfig().getRootId()).isEqualTo("my-root");
    assertThat(wasm.getConfig().getFailOpen()).isTrue();
    assertThat(wasm.getConfig().getConfiguration().unpack(StringValue.class).getValue()).isEqualTo("{\"a\":1}");
    VmConfig vm = wasm.getConfig().getVmConfig();
    assertThat(vm.getVmId()).isEqualTo(IR_NAME);
    assertThat(vm.getRuntime()).isEqualTo("envoy.wasm.runtime.v8");
    assertThat(vm.getCode().getRemote().getHttpUri().getUri()).isEqualTo("http://127.0.0.1:18002/abc.wasm");
    assertThat(vm.getCode().getRemote().getHttpUri().getCluster()).isEqualTo("wasm_cluster");
    assertThat(vm.getCode().getRemote().getSha256()).isEqualTo(Sha256.of(TestModules.empty()).hex());
    assertThat(WasmFilterConfig.filterName(IR_NAME)).isEqualTo("envoy.filters.http.wasm/envoyextensionpolicy/default/policy-1/wasm/0");
  }
}
