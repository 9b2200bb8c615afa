package dev.attache.control.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Test;

class TreeDiffTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static JsonNode yaml(String text) throws Exception {
    return YAML.readTree(text);
  }

  @Test
  void emptyEqualsAbsent() throws Exception {
    assertThat(TreeDiff.firstDifference(yaml("a: 1\nb: {}\nc: []\nd: ''\ne: null"), yaml("a: 1")))
        .isEmpty();
  }

  @Test
  void lastTransitionTimeIsIgnored() throws Exception {
    assertThat(TreeDiff.firstDifference(
        yaml("conditions:\n- type: Accepted\n  lastTransitionTime: '2020-01-01T00:00:00Z'"),
        yaml("conditions:\n- type: Accepted\n  lastTransitionTime: '2026-11-21T07:00:00Z'")))
        .isEmpty();
  }

  @Test
  void numbersCompareByValueAndInt64Strings() throws Exception {
    assertThat(TreeDiff.firstDifference(yaml("a: 1\nb: '10'"), yaml("a: 1.0\nb: 10"))).isEmpty();
  }

  @Test
  void firstDifferingPathNamesListIndexAndKey() throws Exception {
    assertThat(TreeDiff.firstDifference(
        yaml("- name: x\n  routes:\n  - prefix: /a\n  - prefix: /b"),
        yaml("- name: x\n  routes:\n  - prefix: /a\n  - prefix: /c")))
        .contains("[0].routes[1].prefix: expected \"/b\", got \"/c\"");
  }

  @Test
  void listLengthDifferenceShowsFirstMissing() throws Exception {
    assertThat(TreeDiff.firstDifference(yaml("- 1\n- 2"), yaml("- 1")))
        .contains("(root): expected 2 elements, got 1; first missing 2");
  }

  @Test
  void goStructDumpFoldsOneofWrappers() throws Exception {
    JsonNode dump = yaml("""
        - ActionSpecifier:
            HeaderValueMatch:
              descriptor_key: k
              expect_match:
                value: true
              headers:
              - HeaderMatchSpecifier:
                  StringMatch:
                    MatchPattern:
                      Exact: one
                name: x-user-id
        """);
    JsonNode proto = yaml("""
        - headerValueMatch:
            descriptorKey: k
            expectMatch: true
            headers:
            - name: x-user-id
              stringMatch:
                exact: one
        """);
    assertThat(TreeDiff.firstDifference(GoStructDump.toProtoJson(dump), proto)).isEmpty();
  }
}
