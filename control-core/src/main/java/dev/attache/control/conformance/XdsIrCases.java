package dev.attache.control.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.ir.IrFormatException;
import dev.attache.control.ir.IrYaml;
import dev.attache.control.ir.Xds;
import dev.attache.control.xds.translate.ResourceJson;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.control.xds.translate.XdsTranslator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The {@code xds-ir} corpus: each {@code in/xds-ir/NAME.yaml} IR is translated to xDS and every
 * resource list is compared with {@code out/xds-ir/NAME.<type>.yaml}.
 */
final class XdsIrCases {
  /** How the first difference of a deliberate-family case starts when it is not by design. */
  static final String BEYOND = "beyond the deliberate difference: ";

  private static final List<String> SECURITY_FEATURES =
      List.of("jwt", "basicAuth", "apiKeyAuth", "authorization");

  private XdsIrCases() {}

  static List<CaseResult> run(CorpusLayout layout) {
    Optional<Path> in = layout.xdsIn(Corpus.XDS_IR);
    if (in.isEmpty()) {
      return List.of();
    }
    Path out = layout.xdsOut(Corpus.XDS_IR);
    List<CaseResult> results = new ArrayList<>();
    for (Path input : inputs(in.get())) {
      results.add(runCase(input, out));
    }
    return results;
  }

  static List<Path> inputs(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(dir + ": " + e.getMessage(), e);
    }
  }

  static CaseResult runCase(Path input, Path outDir) {
    String name = Documents.caseName(input, ".yaml");
    String text = Documents.text(input);
    String family = usesSecurityPolicyAuth(Documents.read(input))
        ? Families.AUTHZ_SERVICE : Families.of(name);
    Xds ir;
    try {
      ir = IrYaml.readXds(text);
    } catch (IrFormatException e) {
      return CaseResult.fail(Corpus.XDS_IR, name, family, "input not understood: " + e.getMessage());
    }
    XdsResources resources;
    try {
      resources = new XdsTranslator(XdsHarness.settings(name)).translate(ir);
    } catch (RuntimeException e) {
      return CaseResult.fail(Corpus.XDS_IR, name, family, "translator crashed: " + e);
    }
    if (XdsHarness.expectsError(name)) {
      String expected = XdsHarness.expectedError(name);
      if (resources.errors().stream().anyMatch(e -> e.contains(expected))) {
        return CaseResult.pass(Corpus.XDS_IR, name, family);
      }
      return CaseResult.fail(Corpus.XDS_IR, name, family, "expected an error containing \""
          + expected + "\", got " + (resources.errors().isEmpty() ? "none"
              : "\"" + resources.errors().getFirst() + "\""));
    }
    boolean deliberate = family.equals(Families.AUTHZ_SERVICE);
    if (!resources.errors().isEmpty() && !XdsHarness.toleratesErrors(name)) {
      return CaseResult.fail(Corpus.XDS_IR, name, family,
          "translation error: " + resources.errors().getFirst())
          .withOwnOutput(deliberate ? errorsTree(resources.errors()) : null);
    }
    Optional<String> difference = compare(outDir, name, resources);
    if (difference.isPresent() && deliberate) {
      Optional<String> beyond = compareBeyondTheDeliberateDifference(outDir, name, resources);
      difference = Optional.of(beyond.map(d -> BEYOND + d)
          .orElse("by design only (native auth filters vs Attaché's ext_authz): "
              + difference.get()));
    }
    return difference
        .map(d -> CaseResult.fail(Corpus.XDS_IR, name, family, d))
        .orElseGet(() -> CaseResult.pass(Corpus.XDS_IR, name, family))
        .withOwnOutput(deliberate ? resourcesTree(resources) : null);
  }

  /**
   * The resource lists in the shape of the golden files, one field per file: listeners, routes,
   * clusters and endpoints always, secrets when there are any (as upstream writes them).
   */
  static ObjectNode resourcesTree(XdsResources resources) {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    tree.set("listeners", ResourceJson.toTree(resources.listeners()));
    tree.set("routes", ResourceJson.toTree(resources.routes()));
    tree.set("clusters", ResourceJson.toTree(resources.clusters()));
    tree.set("endpoints", ResourceJson.toTree(resources.endpoints()));
    if (!resources.secrets().isEmpty()) {
      tree.set("secrets", ResourceJson.toTree(resources.secrets()));
    }
    return tree;
  }

  /** The errors a translation reported, as the {@code errors} golden file holds them. */
  static ObjectNode errorsTree(List<String> errors) {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    ArrayNode list = tree.putArray("errors");
    errors.forEach(list::add);
    return tree;
  }

  /** The first difference between the translated resources and the golden files of a case. */
  static Optional<String> compare(Path outDir, String name, XdsResources resources) {
    return compare(outDir, name, resources, true);
  }

  /**
   * Like {@link #compare(Path, String, XdsResources)}; without {@code compareSecrets} the
   * secrets golden file is not read (upstream's extension test compares it only when its
   * resource table has a secret list).
   */
  static Optional<String> compare(Path outDir, String name, XdsResources resources, boolean compareSecrets) {
    record Part(String file, List<? extends com.google.protobuf.Message> messages) {}
    List<Part> parts = new ArrayList<>(List.of(
        new Part("listeners", resources.listeners()),
        new Part("routes", resources.routes()),
        new Part("clusters", resources.clusters()),
        new Part("endpoints", resources.endpoints())));
    if (compareSecrets) {
      parts.add(new Part("secrets", resources.secrets()));
    }
    for (Part part : parts) {
      Path golden = outDir.resolve(name + "." + part.file() + ".yaml");
      JsonNode expected = Files.exists(golden)
          ? Documents.read(golden) : JsonNodeFactory.instance.arrayNode();
      JsonNode actual = ResourceJson.toTree(part.messages());
      Optional<String> d = TreeDiff.firstDifference(expected, actual);
      if (d.isPresent()) {
        return Optional.of(part.file() + " " + d.get());
      }
    }
    Path statuses = outDir.resolve(name + ".envoypatchpolicies.yaml");
    if (Files.exists(statuses)) {
      var actual = JsonNodeFactory.instance.arrayNode();
      for (var s : resources.patchPolicyStatuses()) {
        var doc = actual.addObject();
        doc.put("name", s.name());
        doc.put("namespace", s.namespace());
        doc.put("generation", s.generation());
        doc.set("status", s.status());
      }
      Optional<String> d = TreeDiff.firstDifference(Documents.read(statuses), actual);
      if (d.isPresent()) {
        return Optional.of("envoypatchpolicies " + d.get());
      }
    }
    return Optional.empty();
  }

  /** Like {@link #compare}, with the deliberate authz-service difference taken out of both sides. */
  static Optional<String> compareBeyondTheDeliberateDifference(Path outDir, String name,
      XdsResources resources) {
    Map<String, JsonNode> expected = new LinkedHashMap<>();
    Map<String, JsonNode> actual = new LinkedHashMap<>();
    Map<String, List<? extends com.google.protobuf.Message>> parts = new LinkedHashMap<>();
    parts.put("listeners", resources.listeners());
    parts.put("routes", resources.routes());
    parts.put("clusters", resources.clusters());
    parts.put("endpoints", resources.endpoints());
    parts.put("secrets", resources.secrets());
    parts.forEach((file, messages) -> {
      Path golden = outDir.resolve(name + "." + file + ".yaml");
      expected.put(file, Files.exists(golden)
          ? Documents.read(golden) : JsonNodeFactory.instance.arrayNode());
      actual.put(file, ResourceJson.toTree(messages));
    });
    DeliberateDifference.stripExpected(expected);
    DeliberateDifference.stripActual(actual);
    for (String file : parts.keySet()) {
      Optional<String> d = TreeDiff.firstDifference(expected.get(file), actual.get(file));
      if (d.isPresent()) {
        return Optional.of(file + " " + d.get());
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the IR carries SecurityPolicy features that Attaché enforces in its authz-service
   * through ext_authz instead of Envoy's native filters (a deliberate difference).
   */
  static boolean usesSecurityPolicyAuth(JsonNode ir) {
    for (JsonNode listener : ir.path("http")) {
      for (JsonNode route : listener.path("routes")) {
        for (String feature : SECURITY_FEATURES) {
          if (!route.path("security").path(feature).isMissingNode()) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
