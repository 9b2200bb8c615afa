package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.load.ResourceLoader;
import dev.attache.control.pipeline.Translation;
import dev.attache.control.pipeline.TranslationSettings;
import dev.attache.control.resource.ReadResult;
import dev.attache.control.resource.ResourceSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code gatewayapi} corpus: each {@code NAME.in.yaml} (plus the shared Secrets of
 * {@code base/base.yaml} and the objects upstream's harness injects) goes through the Gateway
 * API translator, and the objects with their status, {@code infraIR} and {@code xdsIR} are
 * compared with {@code NAME.out.yaml}.
 */
final class GatewayApiCases {
  /** Upstream's harness hands its objects to the translator as written: no defaults, no namespaces made up. */
  private static final ResourceLoader LOADER = ResourceLoader.asStored();

  /**
   * The part of Attaché's own output for a case of the deliberate authz-service family: per
   * gateway, listener and guarded route, the SecurityPolicy its ext_authz check names.
   */
  static final String AUTHZ_POLICIES = "authz-policies";

  private GatewayApiCases() {}

  /** A case of the corpus: its input file, and whether it is one of the extension cases. */
  record Input(Path file, boolean extension) {
    /** The case's name in reports, e.g. {@code httproute-with-header-match} or {@code extensions/…}. */
    String name() {
      return prefix() + Documents.caseName(file, ".in.yaml");
    }

    String prefix() {
      return extension ? "extensions/" : "";
    }
  }

  static List<CaseResult> run(CorpusLayout layout) {
    ResourceSet base = base(layout);
    List<CaseResult> results = new ArrayList<>();
    for (Input input : inputs(layout)) {
      results.add(runCase(input, base));
    }
    return results;
  }

  /** Every case of the corpus, in name order: {@code NAME.in.yaml}, then {@code extensions/}. */
  static List<Input> inputs(CorpusLayout layout) {
    Path dir = layout.gatewayApi();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Input> inputs = new ArrayList<>();
    list(dir).forEach(f -> inputs.add(new Input(f, false)));
    Path extensions = dir.resolve("extensions");
    if (Files.isDirectory(extensions)) {
      list(extensions).forEach(f -> inputs.add(new Input(f, true)));
    }
    return inputs;
  }

  /** The shared Secrets of {@code base/base.yaml}, which every case but the extension ones reads. */
  static ResourceSet base(CorpusLayout layout) {
    return readBase(layout.gatewayApi().resolve("base/base.yaml"));
  }

  static CaseResult runCase(Input input, ResourceSet base) {
    return runCase(input.file(), input.extension() ? ResourceSet.empty() : base, input.extension(),
        input.prefix());
  }

  private static ResourceSet readBase(Path file) {
    if (!Files.exists(file)) {
      return ResourceSet.empty();
    }
    return LOADER.readLayout(file, Documents.text(file)).resources();
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".in.yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
  }

  static CaseResult runCase(Path input, ResourceSet base, boolean extension, String prefix) {
    String base0 = Documents.caseName(input, ".in.yaml");
    String name = prefix + base0;
    String family = UnavailableCases.usesSecurityPolicyAuth(Documents.read(input))
        ? Families.AUTHZ_SERVICE : Families.of(base0);
    Path golden = input.resolveSibling(base0 + ".out.yaml");
    Translation.ClassOutput result;
    try {
      result = translate(input, Documents.text(input), base, extension);
    } catch (InputException e) {
      return CaseResult.fail(Corpus.GATEWAYAPI, name, family, "input not understood: " + e.getMessage());
    } catch (RuntimeException e) {
      return CaseResult.fail(Corpus.GATEWAYAPI, name, family, "translator crashed: " + e);
    }
    if (!result.ok()) {
      return CaseResult.fail(Corpus.GATEWAYAPI, name, family, "translation failed: " + result.failure());
    }
    if (!Files.exists(golden)) {
      return CaseResult.fail(Corpus.GATEWAYAPI, name, family, "no golden file " + golden.getFileName());
    }
    JsonNode actual = tree(result);
    ObjectNode own = null;
    if (family.equals(Families.AUTHZ_SERVICE)) {
      own = JsonNodeFactory.instance.objectNode();
      own.set(AUTHZ_POLICIES, withoutAuthzPolicyNames(actual.path("xdsIR")));
    }
    Optional<String> difference = TreeDiff.firstDifference(Documents.read(golden), actual);
    return difference
        .map(d -> CaseResult.fail(Corpus.GATEWAYAPI, name, family, d))
        .orElseGet(() -> CaseResult.pass(Corpus.GATEWAYAPI, name, family))
        .withOwnOutput(own);
  }

  /** An input the harness could not read. */
  static final class InputException extends Exception {
    InputException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * The harness's road for one case, as upstream's {@code TestTranslate} runs it: {@code text} (the
   * case's {@code NAME.in.yaml}, in the test layout) read as stored, the shared Secrets of
   * {@code base} and the objects upstream injects added, then the one {@link Translation} with the
   * case's settings, for the class {@code envoy-gateway-class}, without the provider's judgement
   * of GatewayClasses (upstream's test has no provider).
   */
  static Translation.ClassOutput translate(Path input, String text, ResourceSet base, boolean extension)
      throws InputException {
    return translate(input, text, base, extension, true);
  }

  /** Like {@link #translate(Path, String, ResourceSet, boolean)}; {@code inject} false when {@code text} has upstream's injected objects already. */
  static Translation.ClassOutput translate(Path input, String text, ResourceSet base, boolean extension,
      boolean inject) throws InputException {
    String caseName = Documents.caseName(input, ".in.yaml");
    ReadResult read = LOADER.readLayout(input, text);
    if (!read.ok()) {
      throw new InputException(read.problems().getFirst().toString());
    }
    TranslatorSettings settings = settings(caseName, extension);
    ResourceSet.Builder withBase = read.resources().toBuilder();
    withBase.addAll(base.secrets());
    ResourceSet resources = !inject ? withBase.build() : extension
        ? GatewayApiHarness.injectForExtensions(withBase.build())
        : GatewayApiHarness.inject(withBase.build(), caseName, settings.gatewayNamespaceMode());
    return Translation.run(resources, new TranslationSettings(settings,
            TranslationSettings.xdsSettings(settings.controllerNamespace(), "cluster.local"), false, false, null))
        .forClass(settings.gatewayClassName()).orElseThrow();
  }

  /** The Gateway API translator's settings upstream's harness runs case {@code caseName} with. */
  static TranslatorSettings settings(String caseName, boolean extension) {
    return extension ? GatewayApiHarness.extensionSettings() : GatewayApiHarness.settings(caseName);
  }

  /**
   * Removes the deliberate difference of SecurityPolicy authentication and authorization: the
   * translator names the policy in each guarded route's {@code metadata.policies} so the xDS
   * translator can point the route's ext_authz check at it; Envoy Gateway's IR has no such entry.
   *
   * @return what was removed, per gateway, listener and route: the SecurityPolicy the
   *     authz-service answers each guarded route from
   */
  static ObjectNode withoutAuthzPolicyNames(JsonNode xdsIr) {
    ObjectNode removed = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, JsonNode> gateway : xdsIr.properties()) {
      for (JsonNode listener : gateway.getValue().path("http")) {
        for (JsonNode route : listener.path("routes")) {
          JsonNode security = route.path("security");
          boolean guarded = security.has("jwt") || security.has("basicAuth") || security.has("apiKeyAuth")
              || security.has("authorization");
          JsonNode metadata = route.path("metadata");
          if (!guarded || !(metadata.path("policies") instanceof ArrayNode policies)) {
            continue;
          }
          ArrayNode named = JsonNodeFactory.instance.arrayNode();
          for (int i = policies.size() - 1; i >= 0; i--) {
            if ("SecurityPolicy".equals(policies.get(i).path("kind").asText())) {
              named.insert(0, policies.remove(i));
            }
          }
          if (policies.isEmpty()) {
            ((ObjectNode) metadata).remove("policies");
          }
          if (!named.isEmpty()) {
            removed.withObjectProperty(gateway.getKey())
                .withObjectProperty(listener.path("name").asText())
                .set(route.path("name").asText(), named);
          }
        }
      }
    }
    return removed;
  }

  /** The result in the shape of upstream's {@code TranslateResult} YAML. */
  static JsonNode tree(Translation.ClassOutput result) {
    ObjectNode out = (ObjectNode) IrWriter.toTree(result.judged());
    JsonNode classes = out.remove("gatewayClasses");
    if (classes != null && classes.isArray() && !classes.isEmpty()) {
      out.set("gatewayClass", classes.get(0));
    }
    out.set("infraIR", IrWriter.toTree(result.infraIR()));
    out.set("xdsIR", IrWriter.toTree(result.xdsIR()));
    return out;
  }
}
