package dev.attache.wasm.filter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

/** A policy's config is re-encoded as Go's encoding/json would. */
class PluginConfigJsonTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static String of(String yaml) throws Exception {
    return PluginConfigJson.of(YAML.readTree(yaml));
  }

  @Test
  void compactWithSortedKeys() throws Exception {
    assertThat(of("parameter2: value3\nparameter1:\n  key2: value2\n  key1: value1\n"))
        .isEqualTo("{\"parameter1\":{\"key1\":\"value1\",\"key2\":\"value2\"},\"parameter2\":\"value3\"}");
  }

  @Test
  void htmlCharactersAndControlCharactersAreEscapedAsGoDoes() throws Exception {
    assertThat(of("a: \"<b> & \\u2028 \\u0001 \\t\""))
        .isEqualTo("{\"a\":\"\\u003cb\\u003e \\u0026 \\u2028 \\u0001 \\t\"}");
  }

  @Test
  void numbersLookLikeGosFloat64() throws Exception {
    assertThat(of("[1, 1.0, 1.5, -0.25, 1.0e21, 0.0000001, 123456789012]"))
        .isEqualTo("[1,1,1.5,-0.25,1e+21,1e-7,123456789012]");
  }

  @Test
  void nullConfigIsNoConfig() {
    assertThat(PluginConfigJson.of(null)).isNull();
  }
}
