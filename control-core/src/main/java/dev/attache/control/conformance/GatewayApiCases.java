package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.gatewayapi.GatewayApiTranslator;
import dev.attache.control.gatewayapi.TranslationResult;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.resource.ReadResult;
import dev.attache.control.resource.ResourceReader;
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
  private static final ResourceReader READER = ResourceReader.create().lenient();

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
    return READER.readResourceLayout(file, Documents.text(file)).resources();
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
    ReadResult read = READER.readResourceLayout(input, Documents.text(input));
    if (!read.ok()) {
      return CaseResult.fail(Corpus.GATEWAYAPI, name, family, "input not understood: " + read.problems().getFirst());
    }
    TranslatorSettings settings = extension ? GatewayApiHarness.extensionSettings() : GatewayApiHarness.settings(base0);
    ResourceSet.Builder withBase = read.resources().toBuilder();
    withBase.addAll(base.secrets());
    ResourceSet resources = extension
        ? GatewayApiHarness.injectForExtensions(withBase.build())
        : GatewayApiHarness.inject(withBase.build(), base0, settings.gatewayNamespaceMode());
    TranslationResult result;
    try {
      result = GatewayApiTranslator.translate(resources, settings);
    } catch (RuntimeException e) {
      return CaseResult.fail(Corpus.GATEWAYAPI, name, family, "translator crashed: " + e);
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
  static JsonNode tree(TranslationResult result) {
    ObjectNode out = (ObjectNode) IrWriter.toTree(result.resources());
    JsonNode classes = out.remove("gatewayClasses");
    if (classes != null && classes.isArray() && !classes.isEmpty()) {
      out.set("gatewayClass", classes.get(0));
    }
    out.set("infraIR", IrWriter.toTree(result.infraIR()));
    out.set("xdsIR", IrWriter.toTree(result.xdsIR()));
    return out;
  }
}
