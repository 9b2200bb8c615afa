package dev.attache.control.gatewayapi.egctl;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Message;
import dev.attache.control.gatewayapi.GatewayApiTranslator;
import dev.attache.control.gatewayapi.TranslationResult;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.gatewayapi.listener.EnvoyProxyValidation;
import dev.attache.control.gatewayapi.listener.ProxyBootstraps;
import dev.attache.control.gatewayapi.load.KubernetesYaml;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.ir.Xds;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.core.Service;
import dev.attache.control.resource.core.ServiceSpec;
import dev.attache.control.resource.gatewayapi.GatewayClass;
import dev.attache.control.resource.gatewayapi.GatewayClassStatus;
import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.xds.translate.ResourceJson;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.control.xds.translate.XdsTranslator;
import dev.attache.control.extension.ExtensionSetup;
import dev.attache.control.extension.HookChain;
import dev.attache.control.extension.HookRun;
import dev.attache.control.resource.ReadResult;
import dev.attache.control.resource.ResourceReader;
import io.envoyproxy.envoy.config.bootstrap.v3.Bootstrap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@code egctl x translate} computes from Gateway API resources: the resources with their
 * status ({@code gateway-api}), the IR ({@code ir}), or per gateway an Envoy config dump
 * ({@code xds}: bootstrap, endpoints, clusters, listeners and routes, or one of them). The
 * translator runs as egctl runs it: controller name from the GatewayClass, global rate limits,
 * EnvoyPatchPolicy and Backend enabled, routing to Service cluster IPs (endpoint routing off).
 */
public final class EgctlTranslation {
  /** Output types of {@code --to}. */
  public static final List<String> OUTPUT_TYPES = List.of("xds", "gateway-api", "ir");
  /** Resource types of {@code --type}. */
  public static final List<String> RESOURCE_TYPES = List.of("bootstrap", "endpoint", "cluster", "listener", "route",
      "all");

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String TYPE_PREFIX = "type.googleapis.com/";
  private static final String MSG_VALID_GATEWAY_CLASS = "Valid GatewayClass";
  private static final String MSG_INVALID_PARAMETERS = "Invalid parametersRef";

  private EgctlTranslation() {}

  /** A translation that cannot be done, with the message egctl gives. */
  public static final class TranslateException extends Exception {
    public TranslateException(String message) {
      super(message, null, false, false);
    }
  }

  /** What to translate to. */
  public record Options(List<String> outputTypes, String resourceType, String namespace, String dnsDomain,
      boolean addMissingResources) {
    public Options {
      outputTypes = List.copyOf(outputTypes);
      requireNonNull(resourceType, "resourceType");
      requireNonNull(namespace, "namespace");
      requireNonNull(dnsDomain, "dnsDomain");
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
    ResourceSet resources;
    try {
      resources = KubernetesYaml.load(input, options.addMissingResources(), KubernetesYaml.DEFAULT_NAMESPACE,
          ProxyBootstraps.defaultText());
    } catch (KubernetesYaml.LoadException e) {
      throw new TranslateException("unable to unmarshal input: " + e.getMessage());
    }
    if (extensions != null) {
      resources = withExtensionObjects(input, resources, extensions);
    }
    ObjectNode out = NODES.objectNode();
    for (String type : options.outputTypes()) {
      switch (type) {
        case "gateway-api" -> mergeInto(out, gatewayApi(resources, extensions));
        case "xds" -> out.set("xds", xds(resources, options, extensions));
        case "ir" -> {
          TranslationResult r = translateForIr(resources, extensions);
          mergeInto(out, resourcesTree(r.resources()));
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

  private static GatewayClass gatewayClass(ResourceSet resources) throws TranslateException {
    if (resources.gatewayClasses().isEmpty()) {
      throw new TranslateException("the GatewayClass resource is required");
    }
    return resources.gatewayClasses().getLast();
  }

  /** The extension objects of the input (egctl's loader keeps only the kinds it knows). */
  private static ResourceSet withExtensionObjects(String input, ResourceSet resources, ExtensionSetup extensions) {
    // Problems of the other objects were judged by the loader already.
    ReadResult read = ResourceReader.withDefaultNamespace(KubernetesYaml.DEFAULT_NAMESPACE).lenient()
        .withExtensionKinds(extensions.allKinds()).readDocuments(java.nio.file.Path.of("input"), input);
    ResourceSet.Builder b = resources.toBuilder();
    read.resources().extensionRefFilters().forEach(b::addExtensionRefFilter);
    return extensions.sortPolicies(b.build());
  }

  static TranslatorSettings settings(GatewayClass gc) {
    return settings(gc, null);
  }

  static TranslatorSettings settings(GatewayClass gc, ExtensionSetup extensions) {
    String controller = gc.spec() == null || gc.spec().controllerName() == null ? "" : gc.spec().controllerName();
    return TranslatorSettings.builder(gc.name())
        .extensionGroupKinds(extensions == null ? List.of() : List.copyOf(extensions.resourceKinds()))
        .controllerName(controller)
        .globalRateLimitEnabled(true)
        .endpointRoutingDisabled(true)
        .envoyPatchPolicyEnabled(true)
        .backendEnabled(true)
        .controllerNamespace("")
        .build();
  }

  private static TranslationResult translateForIr(ResourceSet resources, ExtensionSetup extensions)
      throws TranslateException {
    GatewayClass gc = gatewayClass(resources);
    ResourceSet.Builder fixed = ResourceSet.builder();
    resources.objects().forEach(o -> {
      if (o instanceof Service s && s.spec() != null && (s.spec().clusterIP() == null || s.spec().clusterIP().isEmpty())) {
        fixed.add(withClusterIp(s, "10.96.1.2"));
      } else {
        fixed.add(o);
      }
    });
    if (resources.envoyProxyForGatewayClass() != null) {
      fixed.envoyProxyForGatewayClass(resources.envoyProxyForGatewayClass());
    }
    ResourceSet set = fixed.build();
    return GatewayApiTranslator.translate(extensions == null ? set : extensions.sortPolicies(set),
        settings(gc, extensions));
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

  private static ObjectNode gatewayApi(ResourceSet resources, ExtensionSetup extensions) throws TranslateException {
    GatewayClass gc = gatewayClass(resources);
    TranslationResult r = GatewayApiTranslator.translate(resources, settings(gc, extensions));
    ObjectNode tree = resourcesTree(r.resources());
    String invalid = null;
    if (resources.envoyProxyForGatewayClass() != null) {
      invalid = EnvoyProxyValidation.validate(resources.envoyProxyForGatewayClass());
    }
    long generation = gc.metadata() == null || gc.metadata().generation() == null ? 0 : gc.metadata().generation();
    Conditions conditions = new Conditions(gc.status() == null ? null : gc.status().conditions());
    if (invalid == null) {
      conditions.set("Accepted", true, "Accepted", MSG_VALID_GATEWAY_CLASS, generation);
    } else {
      conditions.set("Accepted", false, "InvalidParameters", MSG_INVALID_PARAMETERS + ": " + invalid, generation);
    }
    ObjectNode cls = (ObjectNode) IrWriter.toTree(new GatewayClass(gc.apiVersion(), gc.kind(), gc.metadata(), gc.spec(),
        new GatewayClassStatus(conditions.toList(), gc.status() == null ? null : gc.status().supportedFeatures())));
    tree.set("gatewayClass", cls);
    return tree;
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

  private static ObjectNode xds(ResourceSet resources, Options options, ExtensionSetup extensions)
      throws TranslateException {
    GatewayClass gc = gatewayClass(resources);
    TranslationResult r = GatewayApiTranslator.translate(resources, settings(gc, extensions));
    HookChain hooks = null;
    if (extensions != null) {
      try {
        hooks = extensions.chain(resources);
      } catch (IllegalArgumentException e) {
        throw new TranslateException(e.getMessage());
      }
    }
    ObjectNode out = NODES.objectNode();
    Bootstrap bootstrap = bootstrap(resources);
    for (Map.Entry<String, Xds> e : new java.util.TreeMap<>(r.xdsIR()).entrySet()) {
      var settings = new dev.attache.control.xds.translate.TranslatorSettings(options.namespace(),
          "grpc://envoy-ratelimit." + options.namespace() + ".svc." + options.dnsDomain() + ":8081", Set.of());
      XdsResources x;
      try {
        if (hooks == null) {
          x = new XdsTranslator(settings).translate(e.getValue());
        } else {
          HookRun run = hooks.start();
          x = new XdsTranslator(settings).translate(e.getValue(), run);
          extensions.record(e.getKey(), run.failures());
        }
      } catch (RuntimeException ex) {
        throw new TranslateException("failed to translate xds ir for key " + e.getKey() + ", error:" + ex.getMessage());
      }
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

  /** The bootstrap: the EnvoyProxy's when it replaces or merges into the default, else the default one. */
  static Bootstrap bootstrap(ResourceSet resources) throws TranslateException {
    var ep = resources.envoyProxyForGatewayClass();
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
