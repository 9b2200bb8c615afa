package dev.attache.control.gatewayapi.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.attache.control.resource.ReadResult;
import dev.attache.control.resource.ResourceReader;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resources from plain multi-document Kubernetes YAML, read as Envoy Gateway's file provider and
 * {@code egctl x translate} read them ({@code resource.LoadResourcesFromYAMLBytes}): objects
 * without a namespace go to the default namespace, CRD defaults are applied, only the name and
 * namespace of each object's metadata are kept, the namespaces objects live in are added, the
 * last EnvoyProxy serves the GatewayClass, and lists are sorted by namespace and name. With
 * {@code addMissingResources}, Services that routes reference are made up (cluster IP
 * {@code 1.2.3.4}), Services get that IP when they have none, and a default EnvoyProxy carrying
 * the default bootstrap is added.
 */
public final class KubernetesYaml {
  /** Where objects written without a namespace go (Envoy Gateway's default namespace). */
  public static final String DEFAULT_NAMESPACE = "envoy-gateway-system";
  /** The cluster IP given to Services made up or lacking one. */
  public static final String DUMMY_CLUSTER_IP = "1.2.3.4";
  /** The name of the default EnvoyProxy made up for {@code addMissingResources}. */
  public static final String DEFAULT_ENVOY_PROXY_NAME = "default-envoy-proxy";

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> KINDS = Set.of("EnvoyProxy", "GatewayClass", "Gateway", "TCPRoute", "UDPRoute",
      "TLSRoute", "HTTPRoute", "GRPCRoute", "Namespace", "Service", "EnvoyPatchPolicy", "ClientTrafficPolicy",
      "BackendTrafficPolicy", "SecurityPolicy", "HTTPRouteFilter", "Backend", "Secret", "ConfigMap",
      "BackendTLSPolicy", "EnvoyExtensionPolicy", "ReferenceGrant");
  private static final Set<String> DEFAULTED_GROUPS = Set.of("gateway.networking.k8s.io", "gateway.envoyproxy.io");

  private KubernetesYaml() {}

  /** Input that cannot be read, with upstream's message. */
  public static final class LoadException extends Exception {
    public LoadException(String message) {
      super(message, null, false, false);
    }
  }

  public static ResourceSet load(String text, boolean addMissingResources, String defaultNamespace,
      String defaultBootstrap) throws LoadException {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && doc.isObject() && !doc.isEmpty()) {
          documents.add(doc);
        }
      }
    } catch (JsonProcessingException e) {
      throw new LoadException(e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new LoadException(e.getMessage());
    }
    Map<String, List<ObjectNode>> byKind = new LinkedHashMap<>();
    boolean useDefaultNamespace = false;
    Set<String> provided = new TreeSet<>();
    Set<String> required = new TreeSet<>();
    ObjectNode gatewayClass = null;
    ObjectNode envoyProxy = null;
    for (JsonNode doc : documents) {
      String apiVersion = doc.path("apiVersion").asText("");
      String kind = doc.path("kind").asText("");
      String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
      String name = doc.path("metadata").path("name").asText("");
      String namespace = doc.path("metadata").path("namespace").asText("");
      if (namespace.isEmpty()) {
        useDefaultNamespace = true;
        namespace = defaultNamespace;
      }
      ObjectNode object = ((ObjectNode) doc).deepCopy();
      if (DEFAULTED_GROUPS.contains(group)) {
        CrdDefaults.apply(kind, object);
      }
      required.add(namespace);
      if (!KINDS.contains(kind)) {
        continue;
      }
      ObjectNode metadata = NODES.objectNode();
      metadata.put("name", name);
      if (!kind.equals("GatewayClass") && !kind.equals("Namespace")) {
        metadata.put("namespace", namespace);
      }
      object.set("metadata", metadata);
      object.remove("status");
      switch (kind) {
        case "GatewayClass" -> {
          if (addMissingResources && object.path("spec").path("controllerName").asText("").isEmpty()) {
            spec(object).put("controllerName", "gateway.envoyproxy.io/gatewayclass-controller");
          }
          gatewayClass = object;
          continue;
        }
        case "EnvoyProxy" -> {
          envoyProxy = object;
          continue;
        }
        case "Namespace" -> {
          ObjectNode ns = NODES.objectNode();
          ns.put("apiVersion", apiVersion);
          ns.put("kind", kind);
          ns.set("metadata", metadata);
          object = ns;
          provided.add(name);
        }
        case "Service" -> {
          if (addMissingResources && object.path("spec").path("clusterIP").asText("").isEmpty()) {
            spec(object).put("clusterIP", DUMMY_CLUSTER_IP);
          }
        }
        case "ConfigMap" -> object.remove("binaryData");
        default -> { }
      }
      byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(object);
    }
    List<ObjectNode> namespaces = byKind.computeIfAbsent("Namespace", k -> new ArrayList<>());
    if (useDefaultNamespace && !provided.contains(defaultNamespace)) {
      namespaces.add(namespace(defaultNamespace));
      provided.add(defaultNamespace);
    }
    for (String ns : required) {
      if (!provided.contains(ns)) {
        namespaces.add(namespace(ns));
      }
    }
    if (addMissingResources) {
      addMissingServices(byKind);
      if (envoyProxy == null) {
        if (gatewayClass == null) {
          throw new LoadException("the GatewayClass resource is required");
        }
        envoyProxy = defaultEnvoyProxy(defaultNamespace, defaultBootstrap);
        ObjectNode ref = spec(gatewayClass).putObject("parametersRef");
        ref.put("group", "gateway.envoyproxy.io");
        ref.put("kind", "EnvoyProxy");
        ref.put("name", DEFAULT_ENVOY_PROXY_NAME);
        ref.put("namespace", defaultNamespace);
      }
    }
    for (Map.Entry<String, List<ObjectNode>> e : byKind.entrySet()) {
      Comparator<ObjectNode> order = Comparator.comparing((ObjectNode o) -> o.path("metadata").path("namespace").asText(""))
          .thenComparing(o -> o.path("metadata").path("name").asText(""));
      if (e.getKey().equals("EnvoyPatchPolicy")) {
        order = Comparator.comparingLong((ObjectNode o) -> o.path("spec").path("priority").asLong(0)).thenComparing(order);
      }
      e.getValue().sort(order);
    }
    StringBuilder all = new StringBuilder();
    List<ObjectNode> objects = new ArrayList<>();
    if (gatewayClass != null) {
      objects.add(gatewayClass);
    }
    byKind.values().forEach(objects::addAll);
    ArrayNode list = NODES.arrayNode();
    objects.forEach(list::add);
    ObjectNode listDoc = NODES.objectNode();
    listDoc.put("apiVersion", "v1");
    listDoc.put("kind", "List");
    listDoc.set("items", list);
    try {
      all.append(YAML.writeValueAsString(listDoc));
    } catch (JsonProcessingException e) {
      throw new LoadException(e.getOriginalMessage());
    }
    validateGatewayResources(objects, envoyProxy, defaultNamespace);
    ReadResult read = ResourceReader.withDefaultNamespace(defaultNamespace).lenient()
        .readDocuments(java.nio.file.Path.of("input"), all.toString());
    if (!read.ok()) {
      var p = read.problems().getFirst();
      throw new LoadException(p.toString());
    }
    ResourceSet.Builder out = ResourceSet.builder();
    read.resources().objects().forEach(out::add);
    if (envoyProxy != null) {
      ReadResult ep = ResourceReader.withDefaultNamespace(defaultNamespace).lenient()
          .readDocuments(java.nio.file.Path.of("input"), envoyProxy.toString());
      if (!ep.ok()) {
        throw new LoadException(ep.problems().getFirst().toString());
      }
      EnvoyProxy proxy = ep.resources().envoyProxies().getFirst();
      out.envoyProxyForGatewayClass(proxy);
    }
    return out.build();
  }

  /**
   * Gateway API and Envoy Gateway objects are checked against their schema as egctl's local
   * validation does: a field the API does not have is an error (other kinds are read leniently,
   * as Kubernetes' own conversion drops unknown fields).
   */
  private static void validateGatewayResources(List<ObjectNode> objects, ObjectNode envoyProxy,
      String defaultNamespace) throws LoadException {
    ArrayNode strict = NODES.arrayNode();
    for (ObjectNode o : objects) {
      if (isGatewayGroup(o)) {
        strict.add(o);
      }
    }
    if (envoyProxy != null) {
      strict.add(envoyProxy);
    }
    if (strict.isEmpty()) {
      return;
    }
    ObjectNode doc = NODES.objectNode();
    doc.put("apiVersion", "v1");
    doc.put("kind", "List");
    doc.set("items", strict);
    String text;
    try {
      text = YAML.writeValueAsString(doc);
    } catch (JsonProcessingException e) {
      throw new LoadException(e.getOriginalMessage());
    }
    ReadResult read = ResourceReader.withDefaultNamespace(defaultNamespace)
        .readDocuments(java.nio.file.Path.of("input"), text);
    if (!read.ok()) {
      throw new LoadException("local validation error: " + read.problems().getFirst());
    }
  }

  private static boolean isGatewayGroup(ObjectNode o) {
    String apiVersion = o.path("apiVersion").asText("");
    return apiVersion.startsWith("gateway.networking.k8s.io/") || apiVersion.startsWith("gateway.envoyproxy.io/");
  }

  private static ObjectNode spec(ObjectNode object) {
    JsonNode spec = object.get("spec");
    if (spec == null || !spec.isObject()) {
      return object.putObject("spec");
    }
    return (ObjectNode) spec;
  }

  private static ObjectNode namespace(String name) {
    ObjectNode ns = NODES.objectNode();
    ns.put("apiVersion", "v1");
    ns.put("kind", "Namespace");
    ns.putObject("metadata").put("name", name);
    return ns;
  }

  private static ObjectNode defaultEnvoyProxy(String namespace, String bootstrap) {
    ObjectNode ep = NODES.objectNode();
    ep.put("apiVersion", "gateway.envoyproxy.io/v1alpha1");
    ep.put("kind", "EnvoyProxy");
    ObjectNode md = ep.putObject("metadata");
    md.put("name", DEFAULT_ENVOY_PROXY_NAME);
    md.put("namespace", namespace);
    ep.putObject("spec").putObject("bootstrap").put("value", bootstrap);
    return ep;
  }

  /** A Service for every Service a route references, with the ports it is referenced on. */
  private static void addMissingServices(Map<String, List<ObjectNode>> byKind) {
    Map<String, ObjectNode> required = new TreeMap<>();
    for (String kind : List.of("TCPRoute", "UDPRoute", "TLSRoute", "HTTPRoute", "GRPCRoute")) {
      String protocol = kind.equals("UDPRoute") ? "UDP" : "TCP";
      for (ObjectNode route : byKind.getOrDefault(kind, List.of())) {
        String routeNamespace = route.path("metadata").path("namespace").asText("");
        for (JsonNode rule : route.path("spec").path("rules")) {
          for (JsonNode ref : rule.path("backendRefs")) {
            if (!"Service".equals(ref.path("kind").asText(null))) {
              continue;
            }
            String ns = ref.hasNonNull("namespace") ? ref.get("namespace").asText() : routeNamespace;
            String name = ref.path("name").asText("");
            int port = ref.path("port").asInt();
            ObjectNode service = required.computeIfAbsent(ns + "/" + name, k -> {
              ObjectNode s = NODES.objectNode();
              s.put("apiVersion", "v1");
              s.put("kind", "Service");
              ObjectNode md = s.putObject("metadata");
              md.put("name", name);
              md.put("namespace", ns);
              ObjectNode spec = s.putObject("spec");
              spec.put("clusterIP", DUMMY_CLUSTER_IP);
              spec.putArray("ports");
              return s;
            });
            ArrayNode ports = (ArrayNode) service.path("spec").path("ports");
            boolean present = false;
            for (JsonNode p : ports) {
              if (p.path("protocol").asText().equals(protocol) && p.path("port").asInt() == port) {
                present = true;
              }
            }
            if (!present) {
              ObjectNode p = ports.addObject();
              p.put("name", protocol + "-" + port);
              p.put("protocol", protocol);
              p.put("port", port);
            }
          }
        }
      }
    }
    List<ObjectNode> services = byKind.computeIfAbsent("Service", k -> new ArrayList<>());
    Map<String, ObjectNode> provided = new LinkedHashMap<>();
    for (ObjectNode s : services) {
      provided.put(s.path("metadata").path("namespace").asText("") + "/" + s.path("metadata").path("name").asText(""),
          s);
    }
    for (Map.Entry<String, ObjectNode> e : required.entrySet()) {
      ObjectNode have = provided.get(e.getKey());
      if (have == null) {
        services.add(e.getValue());
        continue;
      }
      ObjectNode spec = spec(have);
      ArrayNode ports = spec.has("ports") && spec.get("ports").isArray() ? (ArrayNode) spec.get("ports")
          : spec.putArray("ports");
      Set<String> keys = new TreeSet<>();
      for (JsonNode p : ports) {
        keys.add(p.path("protocol").asText("TCP") + "-" + p.path("port").asInt());
      }
      for (JsonNode p : e.getValue().path("spec").path("ports")) {
        String key = p.path("protocol").asText() + "-" + p.path("port").asInt();
        if (!keys.contains(key)) {
          ObjectNode added = ports.addObject();
          added.put("name", key);
          added.put("protocol", p.path("protocol").asText());
          added.put("port", p.path("port").asInt());
        }
      }
    }
  }
}
