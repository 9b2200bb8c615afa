package dev.attache.wasm.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.StringValue;
import com.google.protobuf.util.JsonFormat;
import dev.attache.wasm.HttpWasmCode;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.testing.Corpus;
import io.envoyproxy.envoy.extensions.filters.http.wasm.v3.Wasm;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The filter configs built from Envoy Gateway's xDS IR golden {@code wasm.yaml} equal, field for
 * field, the Wasm HTTP filters in its expected {@code wasm.listeners.yaml}.
 */
class WasmFilterGoldenTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().usingTypeRegistry(
      JsonFormat.TypeRegistry.newBuilder().add(Wasm.getDescriptor()).add(StringValue.getDescriptor()).build());

  @Test
  void everyWasmFilterMatchesEnvoyGatewaysOutput() throws Exception {
    JsonNode ir = Corpus.yaml("xds/in/xds-ir/wasm.yaml");
    JsonNode listeners = Corpus.yaml("xds/out/xds-ir/wasm.listeners.yaml");
    Map<String, JsonNode> expected = new LinkedHashMap<>();
    for (JsonNode f : listeners.get(0).at("/defaultFilterChain/filters/0/typedConfig/httpFilters")) {
      if (f.path("name").asText().startsWith(WasmFilterConfig.FILTER + "/")) {
        expected.put(f.path("name").asText(), f);
      }
    }

    List<String> built = new ArrayList<>();
    for (JsonNode route : ir.at("/http/0/routes")) {
      for (JsonNode w : route.at("/envoyExtensions/wasms")) {
        String irName = w.path("name").asText();
        List<String> hostKeys = w.has("hostKeys") ? new ArrayList<>() : null;
        w.path("hostKeys").forEach(k -> hostKeys.add(k.asText()));
        WasmExtension extension = new WasmExtension(
            w.path("wasmName").asText(),
            w.hasNonNull("rootID") ? w.path("rootID").asText() : null,
            PluginConfigJson.of(w.hasNonNull("config") ? w.get("config") : null),
            w.path("failOpen").asBoolean(false),
            hostKeys);
        JsonNode code = w.path("httpWasmCode");
        HttpWasmCode resolved = new HttpWasmCode(URI.create(code.path("servingURL").asText()),
            code.path("originalDownloadingURL").asText(), Sha256.parse(code.path("sha256").asText()));

        JsonNode actual = JSON.readTree(PRINTER.print(WasmFilterConfig.httpFilter(irName, extension, resolved)));

        assertThat(actual).as(irName).isEqualTo(expected.get(WasmFilterConfig.filterName(irName)));
        built.add(WasmFilterConfig.filterName(irName));
      }
    }
    assertThat(built).containsExactlyElementsOf(expected.keySet()).hasSize(4);
  }
}
