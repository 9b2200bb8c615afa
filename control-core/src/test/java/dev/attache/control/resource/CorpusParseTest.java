package dev.attache.control.resource;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every input of Envoy Gateway's corpus reads without a problem: the records know every field
 * upstream's tests use. (Its invalid cases are invalid in meaning, not in shape, so they read too.)
 */
class CorpusParseTest {
  @Test
  void everyGatewayApiInputReads() throws IOException {
    Path corpus = Corpus.root();
    List<Path> inputs = Corpus.files(corpus.resolve("gatewayapi"), ".in.yaml");
    assertThat(inputs).hasSizeGreaterThan(600);
    ResourceReader reader = ResourceReader.create();
    List<String> failures = new ArrayList<>();
    int objects = 0;
    for (Path input : inputs) {
      ReadResult result = reader.readResourceLayout(input, Files.readString(input));
      objects += result.resources().size();
      result.problems().forEach(p -> failures.add(p.toString()));
    }
    assertThat(failures).as("problems reading the corpus").isEmpty();
    assertThat(objects).isGreaterThan(3000);
  }

  /**
   * The expected outputs carry statuses; the records know those fields too. One golden keeps a
   * {@code targetRef.namespace} its type does not have (Go drops it when reading); read leniently,
   * that is the only warning.
   */
  @Test
  void everyGatewayApiOutputsObjectsReadWithTheirStatus() throws IOException {
    Path corpus = Corpus.root();
    List<Path> outputs = Corpus.files(corpus.resolve("gatewayapi"), ".out.yaml");
    ResourceReader reader = ResourceReader.create().lenient();
    List<String> failures = new ArrayList<>();
    List<ResourceProblem> warnings = new ArrayList<>();
    int withStatus = 0;
    for (Path output : outputs) {
      // infraIR and xdsIR are Envoy Gateway's IR, not resources; the rest is the input plus status.
      String text = Files.readString(output);
      var tree = (com.fasterxml.jackson.databind.node.ObjectNode) reader.mapper().readTree(text);
      tree.remove(List.of("infraIR", "xdsIR"));
      ReadResult result = reader.readResourceLayout(output, tree);
      result.problems().forEach(p -> failures.add(p.toString()));
      warnings.addAll(result.warnings());
      withStatus += (int) result.resources().gateways().stream().filter(g -> g.status() != null).count();
    }
    assertThat(failures).as("problems reading the corpus outputs").isEmpty();
    assertThat(warnings).hasSize(2).allSatisfy(w -> {
      assertThat(w.file().getFileName()).hasToString("clienttrafficpolicy-buffer-limit-with-error.out.yaml");
      assertThat(w.field()).isEqualTo("spec.targetRef.namespace");
    });
    assertThat(withStatus).isGreaterThan(500);
  }

  @Test
  void everyEgctlInputReads() throws IOException {
    Path corpus = Corpus.root();
    List<Path> inputs = Corpus.files(corpus.resolve("egctl/in"), ".yaml");
    assertThat(inputs).hasSize(11);
    ResourceReader reader = ResourceReader.withDefaultNamespace("envoy-gateway-system");
    List<String> failures = new ArrayList<>();
    for (Path input : inputs) {
      ReadResult result = reader.readDocuments(input, Files.readString(input));
      if (input.getFileName().toString().equals(STRAY_FIELD_INPUT)) {
        assertThat(result.problems()).singleElement().hasToString(input
            + ": EnvoyPatchPolicy default/ratelimit-patch-policy: field spec.targetRef.namespace:"
            + " unknown field (expected one of: group, kind, name)");
        continue;
      }
      result.problems().forEach(p -> failures.add(p.toString()));
      assertThat(result.resources().gateways()).as(input.toString()).isNotEmpty();
      assertThat(result.resources().objects()).as(input.toString())
          .allSatisfy(o -> assertThat(o.namespace().isEmpty()).isEqualTo(
              ResourceKind.of(o.apiVersion(), o.kind()).map(k -> !k.namespaced()).orElse(true)));
    }
    assertThat(failures).as("problems reading the egctl inputs").isEmpty();
  }

  /**
   * egctl's {@code envoy-patch-policy.yaml} gives a namespace to a LocalPolicyTargetReference,
   * which has none; Go drops the field. Strictly it is an error; leniently a warning.
   */
  @Test
  void strayFieldIsAnErrorStrictlyAndAWarningLeniently() throws IOException {
    Path input = Corpus.root().resolve("egctl/in").resolve(STRAY_FIELD_INPUT);
    ReadResult lenient = ResourceReader.withDefaultNamespace("envoy-gateway-system").lenient()
        .readDocuments(input, Files.readString(input));
    assertThat(lenient.problems()).isEmpty();
    assertThat(lenient.warnings()).singleElement().hasToString(input
        + ": EnvoyPatchPolicy default/ratelimit-patch-policy: field spec.targetRef.namespace: unknown field, dropped");
    assertThat(lenient.resources().envoyPatchPolicies()).singleElement()
        .satisfies(p -> assertThat(p.spec().targetRef().name()).isNotEmpty());
  }

  private static final String STRAY_FIELD_INPUT = "envoy-patch-policy.yaml";
}
