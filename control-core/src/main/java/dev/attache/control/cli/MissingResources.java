package dev.attache.control.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.attache.control.resource.ResourceReader;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * {@code translate --add-missing-resources}, as egctl does it: what a sketch of a gateway leaves
 * out is made up before the input is read. A GatewayClass without a controller gets Envoy
 * Gateway's; Services without a cluster IP get {@value #DUMMY_CLUSTER_IP}; every Service a route
 * references exists, with the ports it is referenced on; and without an EnvoyProxy, the GatewayClass
 * points at {@link #defaultEnvoyProxy}, which carries the default bootstrap. The result is read by
 * the one loader like any other input.
 */
final class MissingResources {
  /** The cluster IP given to Services made up or lacking one. */
  static final String DUMMY_CLUSTER_IP = "1.2.3.4";
  /** The name of the default EnvoyProxy made up when the input has none. */
  static final String DEFAULT_ENVOY_PROXY_NAME = "default-envoy-proxy";

  private static final ObjectMapper YAML = new YAMLMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> ROUTE_KINDS = List.of("TCPRoute", "UDPRoute", "TLSRoute", "HTTPRoute", "GRPCRoute");

  private MissingResources() {}

  /**
   * The input with what is missing added, as one {@code List} document.
   *
   * @throws EgctlTranslation.TranslateException when the input is not YAML or has no GatewayClass
   */
  static String add(String text, String defaultNamespace) throws EgctlTranslation.TranslateException {
    List<ObjectNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc != null && doc.isObject() && !doc.isEmpty()) {
          objects.add((ObjectNode) doc);
        }
      }
    } catch (IOException | RuntimeException e) {
      // The loader reports a syntax error with its position; leave the text to it.
      return text;
    }
    ObjectNode gatewayClass = null;
    boolean envoyProxy = false;
    for (ObjectNode o : objects) {
      switch (o.path("kind").asText("")) {
        case "GatewayClass" -> gatewayClass = o;
        case "EnvoyProxy" -> envoyProxy = true;
        case "Service" -> {
          if (o.path("spec").path("clusterIP").asText("").isEmpty()) {
            spec(o).put("clusterIP", DUMMY_CLUSTER_IP);
          }
        }
        default -> { }
      }
    }
    if (gatewayClass == null) {
      throw new EgctlTranslation.TranslateException("the GatewayClass resource is required");
    }
    if (gatewayClass.path("spec").path("controllerName").asText("").isEmpty()) {
      spec(gatewayClass).put("controllerName", "gateway.envoyproxy.io/gatewayclass-controller");
    }
    addMissingServices(objects, defaultNamespace);
    if (!envoyProxy) {
      ObjectNode ref = spec(gatewayClass).putObject("parametersRef");
      ref.put("group", "gateway.envoyproxy.io");
      ref.put("kind", "EnvoyProxy");
      ref.put("name", DEFAULT_ENVOY_PROXY_NAME);
      ref.put("namespace", defaultNamespace);
    }
    ObjectNode list = NODES.objectNode();
    list.put("apiVersion", "v1");
    list.put("kind", "List");
    ArrayNode items = list.putArray("items");
    objects.forEach(items::add);
    try {
      return YAML.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing a YAML tree cannot fail", e);
    }
  }

  private static ObjectNode spec(ObjectNode object) {
    JsonNode spec = object.get("spec");
    return spec != null && spec.isObject() ? (ObjectNode) spec : object.putObject("spec");
  }

  /**
   * The EnvoyProxy the GatewayClass is pointed at when the input has none: the default bootstrap,
   * made after the input was read (as egctl makes it), so no CRD default is filled into it.
   */
  static EnvoyProxy defaultEnvoyProxy(String namespace, String bootstrap) {
    ObjectNode ep = NODES.objectNode();
    ep.put("apiVersion", "gateway.envoyproxy.io/v1alpha1");
    ep.put("kind", "EnvoyProxy");
    ObjectNode md = ep.putObject("metadata");
    md.put("name", DEFAULT_ENVOY_PROXY_NAME);
    md.put("namespace", namespace);
    ep.putObject("spec").putObject("bootstrap").put("value", bootstrap);
    return ResourceReader.create().readDocuments(Path.of(DEFAULT_ENVOY_PROXY_NAME), ep.toString())
        .resources().envoyProxies().getFirst();
  }

  private static String namespace(JsonNode object, String defaultNamespace) {
    String ns = object.path("metadata").path("namespace").asText("");
    return ns.isEmpty() ? defaultNamespace : ns;
  }

  /** A Service for every Service a route references, with the ports it is referenced on. */
  private static void addMissingServices(List<ObjectNode> objects, String defaultNamespace) {
    Map<String, ObjectNode> required = new TreeMap<>();
    for (ObjectNode route : objects) {
      String kind = route.path("kind").asText("");
      if (!ROUTE_KINDS.contains(kind)) {
        continue;
      }
      String protocol = kind.equals("UDPRoute") ? "UDP" : "TCP";
      String routeNamespace = namespace(route, defaultNamespace);
      for (JsonNode rule : route.path("spec").path("rules")) {
        for (JsonNode ref : rule.path("backendRefs")) {
          // An absent kind is the CRD's default, Service.
          if (!"Service".equals(ref.path("kind").asText("Service"))) {
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
          addPort((ArrayNode) service.path("spec").path("ports"), protocol, port);
        }
      }
    }
    Map<String, ObjectNode> provided = new LinkedHashMap<>();
    for (ObjectNode o : objects) {
      if ("Service".equals(o.path("kind").asText(""))) {
        provided.put(namespace(o, defaultNamespace) + "/" + o.path("metadata").path("name").asText(""), o);
      }
    }
    for (Map.Entry<String, ObjectNode> e : required.entrySet()) {
      ObjectNode have = provided.get(e.getKey());
      if (have == null) {
        objects.add(e.getValue());
        continue;
      }
      ObjectNode spec = spec(have);
      ArrayNode ports = spec.has("ports") && spec.get("ports").isArray() ? (ArrayNode) spec.get("ports")
          : spec.putArray("ports");
      for (JsonNode p : e.getValue().path("spec").path("ports")) {
        addPort(ports, p.path("protocol").asText(), p.path("port").asInt());
      }
    }
  }

  private static void addPort(ArrayNode ports, String protocol, int port) {
    Set<String> keys = new TreeSet<>();
    for (JsonNode p : ports) {
      keys.add(p.path("protocol").asText("TCP") + "-" + p.path("port").asInt());
    }
    String key = protocol + "-" + port;
    if (!keys.contains(key)) {
      ObjectNode added = ports.addObject();
      added.put("name", key);
      added.put("protocol", protocol);
      added.put("port", port);
    }
  }
}
