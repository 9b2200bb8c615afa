package dev.attache.control.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JsonPathsTest {
  private static final String DOC = """
      {"routes":[{"name":"httproute/default/httproute-1/rule/0"},{"name":"other"}]}""";

  @Test
  void pathsMayStartWithoutTheRoot() {
    assertThat(JsonPaths.pointers(DOC, "routes[1]", null)).containsExactly("/routes/1");
    assertThat(JsonPaths.pointers(DOC, "..routes[0]", "/name")).containsExactly("/routes/0/name");
  }

  @Test
  void quotedRegexMatchesPartOfTheValue() {
    assertThat(JsonPaths.pointers(DOC, "..routes[?(@.name=~\"httproute/default/httproute-1\")]",
        "typed_per_filter_config/x")).containsExactly("/routes/0/typed_per_filter_config/x");
  }
}
