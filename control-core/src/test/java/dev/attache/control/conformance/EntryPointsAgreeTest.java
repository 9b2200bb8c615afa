package dev.attache.control.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.cli.EgctlTranslation;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.load.ResourceLoader;
import dev.attache.control.pipeline.Translation;
import dev.attache.control.pipeline.TranslationSettings;
import dev.attache.control.provider.FileProvider;
import dev.attache.control.resource.meta.KubernetesObject;
import dev.attache.control.resource.ReadResult;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.UnstructuredObject;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.GatewayClass;
import dev.attache.control.xds.translate.ResourceJson;
import dev.attache.control.xds.translate.XdsResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every visible {@code gatewayapi} input through every entry point, asserting the same statuses,
 * IR and xDS: {@code serve}'s road (the file in a watched directory, the {@link FileProvider}'s
 * snapshot, the one {@link Translation}), {@code translate}'s ({@link EgctlTranslation} on the
 * same file) and the conformance harness's ({@link GatewayApiCases#translate}: the test layout
 * read as stored).
 *
 * <p>Each case is first written as a user would write it: plain multi-document YAML, the
 * GatewayClass (and its EnvoyProxy, by {@code parametersRef}) spelled out, upstream's injected
 * objects included, read once by the user-facing loader so the CRD defaults are explicit, and in
 * the order of a provider's snapshot (serve sorts every list as Envoy Gateway's providers do; the
 * harness keeps the order it reads, as upstream's test does). What differs by design, and only
 * that, is named:
 *
 * <ul>
 *   <li>{@link #EGCTL_SETTINGS}: {@code translate} runs with egctl's settings, among them routing
 *       to Service cluster IPs (so other clusters, endpoints and statuses about endpoints), so it
 *       is compared with {@code serve}'s road run with those same settings; cases whose OIDC
 *       issuers are discovered over the network are not compared with it;
 *   <li>{@link #CLASS_JUDGED_BY_PROVIDER}: {@code serve} and {@code translate} judge the
 *       GatewayClass as a provider does, the harness leaves that to the provider as upstream's
 *       translator test does;
 *   <li>{@link #ONE_OBJECT_PER_NAME}: a few inputs hold two objects of one kind and name, which no
 *       API server holds; every road is given the first.
 * </ul>
 */
class EntryPointsAgreeTest {
  static final String CLASS_JUDGED_BY_PROVIDER = "the provider's GatewayClass Accepted condition";
  static final String EGCTL_SETTINGS = "egctl's settings: routing to Service cluster IPs, no controller namespace,"
      + " no Wasm module cache";
  static final String ONE_OBJECT_PER_NAME = "one object per kind, namespace and name";

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static Path dir;
  private static ResourceSet base;

  @TempDir
  static Path work;

  @BeforeAll
  static void locate() {
    Path projectRoot = Path.of(System.getProperty("attache.projectRoot", "."));
    dir = projectRoot.resolve("../shared/conformance/envoy-gateway/gatewayapi").normalize();
    assumeTrue(Files.isDirectory(dir),
        "ENTRY POINTS NOT COMPARED: the Envoy Gateway golden corpus is absent at " + dir
            + " (expected ../shared/conformance/envoy-gateway next to the project)");
    base = GatewayApiCases.base(CorpusLayout.of(dir.getParent()));
  }

  @TestFactory
  Stream<DynamicTest> everyGatewayApiInputTranslatesAlikeThroughEveryEntryPoint() throws IOException {
    List<Path> inputs;
    try (Stream<Path> files = Files.list(dir)) {
      inputs = files.filter(f -> f.getFileName().toString().endsWith(".in.yaml")).sorted().toList();
    }
    return inputs.stream().map(input -> DynamicTest.dynamicTest(Documents.caseName(input, ".in.yaml"),
        () -> compare(input)));
  }

  private static void compare(Path input) throws Exception {
    String caseName = Documents.caseName(input, ".in.yaml");
    TranslatorSettings settings = GatewayApiCases.settings(caseName, false);
    ReadResult asStored = ResourceLoader.asStored().readLayout(input, Documents.text(input));
    assumeTrue(asStored.ok(), "input not understood: " + asStored.problems());

    // What a user would write, with the CRD defaults made explicit once.
    ResourceSet written = asUserWrites(asStored.resources().toBuilder().addAll(base.secrets()).build(), settings);
    Path file = work.resolve(caseName + ".yaml");
    Files.writeString(file, documents(written));
    ReadResult loaded = ResourceLoader.forUsers().read(file, Files.readString(file));
    assertThat(loaded.problems()).as("the user's form of %s reads back", caseName).isEmpty();
    // Upstream's injected objects, and every list in the order a provider's snapshot has it: the
    // harness keeps the order it reads (as upstream's test does), serve and translate sort.
    ResourceSet snapshot = ResourceLoader.forUsers().snapshot(
        GatewayApiHarness.inject(loaded.resources(), caseName, settings.gatewayNamespaceMode()));
    String text = documents(snapshot);
    Files.writeString(file, text);
    Translation.ClassOutput harness = GatewayApiCases.translate(input, layout(snapshot), ResourceSet.empty(), false,
        false);
    ResourceSet served = served(file);
    Translation.ClassOutput serve = serve(served, gc -> TranslationSettings.controlPlane(settings, null));
    assertThat(serve.failure()).as("serve's translation of %s", caseName).isNull();
    assertThat(harness.failure()).as("the harness's translation of %s", caseName).isNull();

    assertSame(caseName, "statuses (serve vs conformance)", statuses(serve.judged()), statuses(harness.judged()));
    assertSame(caseName, "xDS IR (serve vs conformance)", IrWriter.toTree(serve.xdsIR()),
        IrWriter.toTree(harness.xdsIR()));
    assertSame(caseName, "infrastructure IR (serve vs conformance)", IrWriter.toTree(serve.infraIR()),
        IrWriter.toTree(harness.infraIR()));
    assertSame(caseName, "xDS (serve vs conformance)", xds(serve.xds(), true), xds(harness.xds(), true));

    if (Documents.text(input).contains("oidc:")) {
      return; // translate discovers OIDC issuers over the network, which this test has not
    }
    EgctlTranslation.Options options = new EgctlTranslation.Options(List.of("gateway-api", "ir", "xds"), "all",
        settings.controllerNamespace(), "cluster.local", false, file.toString());
    Translation.ClassOutput serveLikeEgctl = serve(served, gc -> EgctlTranslation.settings(gc, true, options, null));
    String xdsError = serveLikeEgctl.xds().entrySet().stream().filter(e -> !e.getValue().errors().isEmpty())
        .map(e -> "failed to translate xds ir for key " + e.getKey()).findFirst().orElse(null);
    ObjectNode translated;
    try {
      translated = EgctlTranslation.translate(text, options);
    } catch (EgctlTranslation.TranslateException e) {
      assertThat(e.getMessage()).as("%s: translate failed where serve did not", caseName).startsWith(xdsError);
      return;
    }
    assertThat(xdsError).as("%s: serve failed where translate did not", caseName).isNull();
    assertSame(caseName, "statuses (serve vs translate, " + EGCTL_SETTINGS + ")", statuses(serveLikeEgctl.judged()),
        statuses(translated));
    if (snapshot.services().stream().allMatch(svc -> svc.spec() != null && svc.spec().clusterIP() != null)) {
      assertSame(caseName, "xDS IR (serve vs translate, " + EGCTL_SETTINGS + ")",
          IrWriter.toTree(serveLikeEgctl.xdsIR()), translated.path("xdsIR"));
    }
    assertSame(caseName, "xDS (serve vs translate, " + EGCTL_SETTINGS + ")", xds(serveLikeEgctl.xds(), false),
        egctlXds(translated.path("xds")));
  }

  /** serve's road: the file in a watched directory, the file provider's snapshot. */
  private static ResourceSet served(Path file) throws IOException {
    Path dir = Files.createDirectories(work.resolve("served-" + file.getFileName()));
    Files.copy(file, dir.resolve("resources.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    try (FileProvider provider = FileProvider.builder(List.of(dir)).build().start()) {
      return provider.current();
    }
  }

  /** The one translation of serve's snapshot, for its (last) GatewayClass. */
  private static Translation.ClassOutput serve(ResourceSet snapshot,
      java.util.function.Function<GatewayClass, TranslationSettings> settings) {
    GatewayClass gc = snapshot.gatewayClasses().getLast();
    return Translation.run(snapshot, settings.apply(gc)).forClass(gc.name()).orElseThrow();
  }

  /**
   * The objects as plain Kubernetes objects: the GatewayClass of the harness's settings exists and
   * names the case's EnvoyProxy (if any) by {@code parametersRef}, as it must on a cluster.
   */
  private static ResourceSet asUserWrites(ResourceSet resources, TranslatorSettings settings) {
    EnvoyProxy proxy = resources.envoyProxyForGatewayClass();
    ResourceSet.Builder b = ResourceSet.builder();
    java.util.Set<String> seen = new java.util.HashSet<>();
    resources.objects().filter(o -> o != proxy && !(o instanceof GatewayClass) && !(o instanceof UnstructuredObject))
        .filter(o -> seen.add(o.getClass().getSimpleName() + " " + o.namespace() + "/" + o.name())) // ONE_OBJECT_PER_NAME
        .forEach(b::add);
    GatewayClass gc = resources.gatewayClasses().stream()
        .filter(c -> c.name().equals(settings.gatewayClassName())).findFirst()
        .orElseGet(() -> read(GatewayClass.class, """
            apiVersion: gateway.networking.k8s.io/v1
            kind: GatewayClass
            metadata: {name: %s}
            spec: {controllerName: %s}
            """.formatted(settings.gatewayClassName(), settings.controllerName())));
    ObjectNode tree = (ObjectNode) IrWriter.toTree(gc);
    ((ObjectNode) tree.path("spec")).put("controllerName", settings.controllerName());
    if (proxy != null) {
      ObjectNode ref = ((ObjectNode) tree.path("spec")).putObject("parametersRef");
      ref.put("group", "gateway.envoyproxy.io");
      ref.put("kind", "EnvoyProxy");
      ref.put("name", proxy.name());
      ref.put("namespace", proxy.namespace().isEmpty() ? settings.controllerNamespace() : proxy.namespace());
      ObjectNode p = (ObjectNode) IrWriter.toTree(proxy);
      if (proxy.namespace().isEmpty()) {
        ((ObjectNode) p.path("metadata")).put("namespace", settings.controllerNamespace());
      }
      b.add(read(EnvoyProxy.class, p.toString()));
    }
    b.add(read(GatewayClass.class, tree.toString()));
    return b.build();
  }

  private static <T extends KubernetesObject> T read(Class<T> type, String yaml) {
    ReadResult r = dev.attache.control.resource.ResourceReader.create().lenient()
        .readDocuments(Path.of("made-up.yaml"), yaml);
    assertThat(r.problems()).isEmpty();
    return type.cast(r.resources().objects().filter(type::isInstance).findFirst().orElseThrow());
  }

  private static String documents(ResourceSet resources) {
    StringBuilder out = new StringBuilder();
    resources.objects().forEach(o -> out.append("---\n").append(IrWriter.yaml(IrWriter.toTree(o))).append('\n'));
    return out.toString();
  }

  private static String layout(ResourceSet resources) {
    ObjectNode tree = (ObjectNode) IrWriter.toTree(resources);
    return IrWriter.yaml(tree);
  }

  /** {@code kind namespace/name} → status, for every object that has one. */
  private static Map<String, JsonNode> statuses(ResourceSet judged) {
    return statuses((ObjectNode) IrWriter.toTree(judged));
  }

  private static Map<String, JsonNode> statuses(ObjectNode tree) {
    Map<String, JsonNode> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      List<JsonNode> objects = new ArrayList<>();
      if (e.getValue().isArray()) {
        e.getValue().forEach(objects::add);
      } else if (e.getValue().has("kind")) {
        objects.add(e.getValue());
      }
      for (JsonNode o : objects) {
        if (o.path("kind").asText().equals("GatewayClass")) {
          continue; // CLASS_JUDGED_BY_PROVIDER
        }
        JsonNode status = o.path("status");
        if (status.isObject() && !status.isEmpty()) {
          out.put(o.path("kind").asText() + " " + o.path("metadata").path("namespace").asText() + "/"
              + o.path("metadata").path("name").asText(), status);
        }
      }
    }
    return out;
  }





  /** Per gateway, the Envoy resources as protobuf JSON; secrets only when {@code all} (egctl prints none). */
  private static JsonNode xds(Map<String, XdsResources> byGateway, boolean all) {
    ObjectNode out = NODES.objectNode();
    byGateway.forEach((gateway, x) -> {
      ObjectNode g = out.putObject(gateway);
      g.set("listeners", list(x.listeners()));
      g.set("routes", list(x.routes()));
      g.set("clusters", list(x.clusters()));
      g.set("endpoints", list(x.endpoints()));
      if (all) {
        g.set("secrets", list(x.secrets()));
      }
    });
    return out;
  }

  private static ArrayNode list(List<? extends com.google.protobuf.Message> messages) {
    ArrayNode a = NODES.arrayNode();
    messages.forEach(m -> a.add(ResourceJson.toTree(m)));
    return a;
  }

  /** Listeners, routes, clusters and endpoints out of egctl's config dumps. */
  private static JsonNode egctlXds(JsonNode dumps) {
    ObjectNode out = NODES.objectNode();
    dumps.properties().forEach(e -> {
      ObjectNode g = out.putObject(e.getKey());
      ArrayNode listeners = g.putArray("listeners");
      ArrayNode routes = g.putArray("routes");
      ArrayNode clusters = g.putArray("clusters");
      ArrayNode endpoints = g.putArray("endpoints");
      for (JsonNode config : e.getValue().path("configs")) {
        for (JsonNode c : config.path("dynamicActiveClusters")) {
          clusters.add(untyped(c.path("cluster")));
        }
        for (JsonNode c : config.path("dynamicEndpointConfigs")) {
          endpoints.add(untyped(c.path("endpointConfig")));
        }
        for (JsonNode l : config.path("dynamicListeners")) {
          listeners.add(untyped(l.path("activeState").path("listener")));
        }
        for (JsonNode r : config.path("dynamicRouteConfigs")) {
          routes.add(untyped(r.path("routeConfig")));
        }
      }
    });
    return out;
  }

  private static JsonNode untyped(JsonNode typed) {
    ObjectNode copy = typed.deepCopy();
    copy.remove("@type");
    return copy;
  }

  private static void assertSame(String caseName, String what, Object actual, Object expected) {
    JsonNode a = IrWriter.toTree(actual);
    JsonNode e = IrWriter.toTree(expected);
    Optional<String> difference = TreeDiff.firstDifference(e, a);
    assertThat(difference).as("%s: %s differ", caseName, what).isEmpty();
  }
}
