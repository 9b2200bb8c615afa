package dev.attache.control.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import dev.attache.control.extension.ExtensionSetup;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.gatewayapi.listener.ProxyBootstraps;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.load.ResourceLoader;
import dev.attache.control.pipeline.Translation;
import dev.attache.control.pipeline.TranslationSettings;
import dev.attache.control.resource.ReadResult;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.core.Service;
import dev.attache.control.resource.core.ServiceSpec;
import dev.attache.control.resource.gatewayapi.GatewayClass;
import dev.attache.control.xds.translate.ResourceJson;
import dev.attache.control.xds.translate.XdsResources;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code translate}'s output, in the shapes {@code egctl x translate} prints: the resources with
 * their status ({@code gateway-api}), the IR ({@code ir}), or per gateway an Envoy config dump
 * ({@code xds}: bootstrap, endpoints, clusters, listeners and routes, or one of them). The input
 * is read by the one {@link ResourceLoader} and translated by the one {@link Translation}, with
 * egctl's settings ({@link #settings}); only the printing is egctl's own.
 */
public final class EgctlTranslation {
  /** Output types of {@code --to}. */
  public static final List<String> OUTPUT_TYPES = List.of("xds", "gateway-api", "ir");
  /** Resource types of {@code --type}. */
  public static final List<String> RESOURCE_TYPES = List.of("bootstrap", "endpoint", "cluster", "listener", "route",
      "all");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String TYPE_PREFIX = "type.googleapis.com/";

  private EgctlTranslation() {}

  /** A translation that cannot be done, with the message egctl gives. */
  public static final class TranslateException extends Exception {
    public TranslateException(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * What to translate to.
   *
   * @param source the input's name in error messages (its file, or {@code -} for standard input)
   */
  public record Options(List<String> outputTypes, String resourceType, String namespace, String dnsDomain,
      boolean addMissingResources, String source) {
    public Options {
      outputTypes = List.copyOf(outputTypes);
      requireNonNull(resourceType, "resourceType");
      requireNonNull(namespace, "namespace");
      requireNonNull(dnsDomain, "dnsDomain");
      requireNonNull(source, "source");
    }

    public Options(List<String> outputTypes, String resourceType, String namespace, String dnsDomain,
        boolean addMissingResources) {
      this(outputTypes, resourceType, namespace, dnsDomain, addMissingResources, "input");
    }
  }

  /** Checks the options as egctl does, before reading any input. */
  public static void validate(String from, Options options) throws TranslateException {
    if (!"gateway-api".equals(from)) {
      throw new TranslateException(from + " is not a valid input type. Valid types are [gateway-api].");
    }
    for (String t : options.outputTypes()) {
      if (!OUTPUT_TYPES.contains(t)) {
        throw new TranslateException(t + " is not a valid output type. Valid types are [xds gateway-api ir].");
      }
    }
    if (!RESOURCE_TYPES.contains(options.resourceType())) {
      throw new TranslateException(options.resourceType()
          + " is not a valid output type. Valid types are [bootstrap endpoint cluster listener route all].");
    }
  }

  /** Reads the input YAML and translates it; the result has the shape egctl prints. */
  public static ObjectNode translate(String input, Options options) throws TranslateException {
    return translate(input, options, null);
  }

  /**
   * Like {@link #translate(String, Options)}, with configured extension servers (Attaché's
   * {@code translate --config}): objects of their kinds in the input are read, their filters and
   * backends are translated, and the xDS translation calls their hooks; what failed is recorded
   * in {@code extensions}.
   */
  public static ObjectNode translate(String input, Options options, ExtensionSetup extensions)
      throws TranslateException {
    String text = options.addMissingResources() ? MissingResources.add(input, ResourceLoader.DEFAULT_NAMESPACE) : input;
    ResourceLoader loader = extensions == null ? ResourceLoader.forUsers()
        : ResourceLoader.forUsers(extensions.resourceKinds(), extensions.policyKinds());
    ReadResult read = loader.read(Path.of(options.source()), text);
    if (!read.ok()) {
      throw new TranslateException(read.problems().getFirst().toString());
    }
    ResourceSet objects = read.resources();
    if (options.addMissingResources() && objects.envoyProxies().isEmpty()) {
      objects = objects.toBuilder().add(MissingResources.defaultEnvoyProxy(ResourceLoader.DEFAULT_NAMESPACE,
          ProxyBootstraps.defaultText())).build();
    }
    ResourceSet resources = loader.snapshot(objects);
    GatewayClass gc = gatewayClass(resources);
    ObjectNode out = NODES.objectNode();
    for (String type : options.outputTypes()) {
      switch (type) {
        case "gateway-api" -> mergeInto(out, gatewayApiTree(run(resources, gc, true, options, extensions).judged()));
        case "xds" -> out.set("xds", xds(run(resources, gc, true, options, extensions), options));
        case "ir" -> {
          Translation.ClassOutput r = run(withClusterIps(resources), gc, false, options, extensions);
          mergeInto(out, resourcesTree(r.judged()));
          out.set("xdsIR", IrWriter.toTree(r.xdsIR()));
          out.set("infraIR", IrWriter.toTree(r.infraIR()));
        }
        default -> throw new TranslateException("unable to find translate from input type gateway-api to output type "
            + options.outputTypes());
      }
    }
    return out;
  }

  private static void mergeInto(ObjectNode out, ObjectNode resources) {
    resources.properties().forEach(e -> out.set(e.getKey(), e.getValue()));
  }

  /** egctl translates the last GatewayClass of its input, whatever its controller. */
  private static GatewayClass gatewayClass(ResourceSet resources) throws TranslateException {
    if (resources.gatewayClasses().isEmpty()) {
      throw new TranslateException("the GatewayClass resource is required");
    }
    return resources.gatewayClasses().getLast();
  }

  /** The one {@link Translation}, with the settings egctl translates with. */
  private static Translation.ClassOutput run(ResourceSet resources, GatewayClass gc, boolean judgeClass,
      Options options, ExtensionSetup extensions) throws TranslateException {
    Translation.Output output = Translation.run(resources, settings(gc, judgeClass, options, extensions));
    if (extensions != null && output.hookChainError().isPresent()) {
      throw new TranslateException(output.hookChainError().get());
    }
    Translation.ClassOutput c = output.forClass(gc.name()).orElseThrow();
    if (!c.ok()) {
      throw new TranslateException(c.failure().getMessage());
    }
    return c;
  }

  /**
   * egctl's settings: controller name from the GatewayClass, global rate limits, EnvoyPatchPolicy
   * and Backend enabled, routing to Service cluster IPs (endpoint routing off), no controller
   * namespace for the Gateway API translator (so no Envoy Service is found for the IR's
   * {@code proxyServiceCluster}), {@code --namespace} and {@code --dns-domain} for the rate-limit
   * service's address. The GatewayClass is judged (Accepted or InvalidParameters) for
   * the {@code gateway-api} output; egctl's {@code ir} output shows the translator's part alone.
   */
  public static TranslationSettings settings(GatewayClass gc, boolean judgeClass, Options options,
      ExtensionSetup extensions) {
    String controller = gc.spec() == null || gc.spec().controllerName() == null ? "" : gc.spec().controllerName();
    TranslatorSettings gatewayApi = TranslatorSettings.builder(gc.name())
        .extensionGroupKinds(extensions == null ? List.of() : List.copyOf(extensions.resourceKinds()))
        .controllerName(controller)
        .globalRateLimitEnabled(true)
        .endpointRoutingDisabled(true)
        .envoyPatchPolicyEnabled(true)
        .backendEnabled(true)
        .controllerNamespace("")
        .build();
    return new TranslationSettings(gatewayApi, TranslationSettings.xdsSettings(options.namespace(),
        options.dnsDomain()), false, judgeClass, extensions);
  }

  /** egctl's IR output gives Services without a cluster IP one. */
  private static ResourceSet withClusterIps(ResourceSet resources) {
    ResourceSet.Builder out = ResourceSet.builder();
    resources.objects().forEach(o -> {
      if (o == resources.envoyProxyForGatewayClass() || o instanceof dev.attache.control.resource.UnstructuredObject) {
        return;
      }
      if (o instanceof Service s && s.spec() != null && (s.spec().clusterIP() == null || s.spec().clusterIP().isEmpty())) {
        out.add(withClusterIp(s, "10.96.1.2"));
      } else {
        out.add(o);
      }
    });
    resources.extensionRefFilters().forEach(out::addExtensionRefFilter);
    resources.extensionServerPolicies().forEach(out::addExtensionServerPolicy);
    return out.envoyProxyForGatewayClass(resources.envoyProxyForGatewayClass())
        .envoyProxyDefaultSpec(resources.envoyProxyDefaultSpec()).build();
  }

  private static Service withClusterIp(Service s, String ip) {
    ObjectMapper m = new ObjectMapper();
    ObjectNode spec = m.valueToTree(s.spec());
    spec.put("clusterIP", ip);
    try {
      return new Service(s.apiVersion(), s.kind(), s.metadata(), m.treeToValue(spec, ServiceSpec.class), s.status());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The judged objects as egctl prints them: upstream's {@code resource.Resources} shape (one
   * {@code gatewayClass}), each object's metadata reduced to its name and namespace (egctl's
   * loader keeps no more of it).
   */
  private static ObjectNode gatewayApiTree(ResourceSet judged) {
    ObjectNode tree = resourcesTree(judged);
    tree.properties().forEach(e -> {
      if (e.getValue().isArray()) {
        e.getValue().forEach(EgctlTranslation::nameOnly);
      } else if (e.getValue().isObject()) {
        nameOnly(e.getValue());
      }
    });
    return tree;
  }

  private static void nameOnly(JsonNode object) {
    JsonNode meta = object.path("metadata");
    if (meta instanceof ObjectNode m) {
      m.retain("name", "namespace");
    }
  }

  /** Translated resources in upstream's {@code resource.Resources} shape (one {@code gatewayClass}). */
  public static ObjectNode resourcesTree(ResourceSet resources) {
    ObjectNode out = (ObjectNode) IrWriter.toTree(resources);
    JsonNode classes = out.remove("gatewayClasses");
    if (classes != null && classes.isArray() && !classes.isEmpty()) {
      out.set("gatewayClass", classes.get(0));
    }
    return out;
  }

  private static ObjectNode xds(Translation.ClassOutput translated, Options options) throws TranslateException {
    ObjectNode out = NODES.objectNode();
    Bootstrap bootstrap = bootstrap(translated.judged());
    for (Map.Entry<String, XdsResources> e : translated.xds().entrySet()) {
      XdsResources x = e.getValue();
      if (!x.errors().isEmpty()) {
        throw new TranslateException("failed to translate xds ir for key " + e.getKey() + ", error:"
            + String.join("\n", x.errors().stream().map(Object::toString).toList()));
      }
      ObjectNode dump = configDump(bootstrap, x);
      if (options.resourceType().equals("all")) {
        out.set(e.getKey(), dump);
      } else {
        String wanted = TYPE_PREFIX + "envoy.admin.v3." + switch (options.resourceType()) {
          case "bootstrap" -> "BootstrapConfigDump";
          case "endpoint" -> "EndpointsConfigDump";
          case "cluster" -> "ClustersConfigDump";
          case "listener" -> "ListenersConfigDump";
          default -> "RoutesConfigDump";
        };
        for (JsonNode config : dump.path("configs")) {
          if (wanted.equals(config.path("@type").asText())) {
            out.set(e.getKey(), config);
          }
        }
      }
    }
    return out;
  }

  private static ObjectNode typed(Message m) {
    ObjectNode out = NODES.objectNode();
    out.put("@type", TYPE_PREFIX + m.getDescriptorForType().getFullName());
    JsonNode body = ResourceJson.toTree(m);
    body.properties().forEach(p -> out.set(p.getKey(), p.getValue()));
    return out;
  }

  private static ObjectNode configDump(Bootstrap bootstrap, XdsResources x) {
    ArrayNode configs = NODES.arrayNode();
    ObjectNode b = configs.addObject();
    b.put("@type", TYPE_PREFIX + "envoy.admin.v3.BootstrapConfigDump");
    b.set("bootstrap", ResourceJson.toTree(bootstrap));
    configs.add(dump("EndpointsConfigDump", "dynamicEndpointConfigs", "endpointConfig", x.endpoints(), false));
    configs.add(dump("ClustersConfigDump", "dynamicActiveClusters", "cluster", x.clusters(), false));
    configs.add(dump("ListenersConfigDump", "dynamicListeners", "listener", x.listeners(), true));
    configs.add(dump("RoutesConfigDump", "dynamicRouteConfigs", "routeConfig", x.routes(), false));
    ObjectNode out = NODES.objectNode();
    out.set("configs", configs);
    return out;
  }

  private static ObjectNode dump(String type, String listField, String itemField, List<? extends Message> messages,
      boolean activeState) {
    ObjectNode d = NODES.objectNode();
    d.put("@type", TYPE_PREFIX + "envoy.admin.v3." + type);
    if (!messages.isEmpty()) {
      ArrayNode list = d.putArray(listField);
      for (Message m : messages) {
        ObjectNode item = list.addObject();
        if (activeState) {
          item.putObject("activeState").set(itemField, typed(m));
        } else {
          item.set(itemField, typed(m));
        }
      }
    }
    return d;
  }

  /** The bootstrap: the class's EnvoyProxy's when it replaces or merges into the default, else the default one. */
  static Bootstrap bootstrap(ResourceSet judged) throws TranslateException {
    var ep = judged.envoyProxyForGatewayClass();
    try {
      return ProxyBootstraps.apply(ep == null || ep.spec() == null ? null : ep.spec().bootstrap());
    } catch (ProxyBootstraps.BootstrapException e) {
      throw new TranslateException(e.getMessage());
    }
  }

  /** The result as YAML (egctl's default) or JSON. */
  public static String print(JsonNode result, String output) {
    try {
      if ("json".equals(output)) {
        return new ObjectMapper().writeValueAsString(result) + "\n";
      }
      return IrWriter.yaml(result) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

}
