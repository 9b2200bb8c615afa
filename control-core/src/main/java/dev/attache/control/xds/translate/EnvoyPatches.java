package dev.attache.control.xds.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import dev.attache.control.ir.EnvoyPatchPolicy;
import dev.attache.control.ir.JsonPatchConfig;
import dev.attache.control.ir.JsonPatchOperation;
import io.envoyproxy.envoy.config.cluster.v3.Cluster;
import io.envoyproxy.envoy.config.endpoint.v3.ClusterLoadAssignment;
import io.envoyproxy.envoy.config.listener.v3.Listener;
import io.envoyproxy.envoy.config.route.v3.RouteConfiguration;
import io.envoyproxy.envoy.extensions.transport_sockets.tls.v3.Secret;
import java.util.ArrayList;
import java.util.List;

/**
 * EnvoyPatchPolicy: JSON patches applied to the finished resources, by type and name. A patch
 * that fails leaves the resource as it was; the policy's status says what happened, per ancestor,
 * with Envoy Gateway's reasons (Programmed, Invalid, ResourceNotFound).
 */
final class EnvoyPatches {
  static final String LISTENER = "type.googleapis.com/envoy.config.listener.v3.Listener";
  static final String ROUTE = "type.googleapis.com/envoy.config.route.v3.RouteConfiguration";
  static final String CLUSTER = "type.googleapis.com/envoy.config.cluster.v3.Cluster";
  static final String ENDPOINT =
      "type.googleapis.com/envoy.config.endpoint.v3.ClusterLoadAssignment";
  static final String SECRET =
      "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret";

  /** The resources being patched, each list mutable. */
  private record Lists(List<Listener> listeners, List<RouteConfiguration> routes,
      List<Cluster> clusters, List<ClusterLoadAssignment> endpoints, List<Secret> secrets) {
    @SuppressWarnings("unchecked")
    List<Message> of(String type) {
      return (List<Message>) (List<?>) switch (type) {
        case LISTENER -> listeners;
        case ROUTE -> routes;
        case CLUSTER -> clusters;
        case ENDPOINT -> endpoints;
        case SECRET -> secrets;
        default -> throw new IllegalArgumentException("unsupported patch type " + type);
      };
    }

    Message prototype(String type) {
      return switch (type) {
        case LISTENER -> Listener.getDefaultInstance();
        case ROUTE -> RouteConfiguration.getDefaultInstance();
        case CLUSTER -> Cluster.getDefaultInstance();
        case ENDPOINT -> ClusterLoadAssignment.getDefaultInstance();
        case SECRET -> Secret.getDefaultInstance();
        default -> throw new IllegalArgumentException("unsupported patch type " + type);
      };
    }
  }

  private EnvoyPatches() {}

  static XdsResources apply(XdsResources in, List<EnvoyPatchPolicy> policies) {
    if (policies.isEmpty()) {
      return in;
    }
    Lists lists = new Lists(new ArrayList<>(in.listeners()), new ArrayList<>(in.routes()),
        new ArrayList<>(in.clusters()), new ArrayList<>(in.endpoints()),
        new ArrayList<>(in.secrets()));
    List<XdsResources.PatchPolicyStatus> statuses = new ArrayList<>();
    for (EnvoyPatchPolicy policy : policies) {
      List<String> errors = new ArrayList<>();
      List<String> notFound = new ArrayList<>();
      for (JsonPatchConfig patch : policy.jsonPatches()) {
        try {
          applyOne(lists, patch, notFound);
        } catch (IllegalArgumentException | InvalidProtocolBufferException e) {
          errors.add(e.getMessage());
        }
      }
      statuses.add(new XdsResources.PatchPolicyStatus(policy.name(), policy.namespace(),
          policy.generation() == null ? 0 : policy.generation(),
          status(policy, errors, notFound)));
    }
    return new XdsResources(lists.listeners(), lists.routes(), lists.clusters(),
        lists.endpoints(), lists.secrets(), in.errors(), statuses);
  }

  private static void applyOne(Lists lists, JsonPatchConfig patch, List<String> notFound)
      throws InvalidProtocolBufferException {
    JsonPatchOperation op = patch.operation();
    validate(op);
    boolean noPath = (op.path() == null || op.path().isEmpty())
        && (op.jsonPath() == null || op.jsonPath().isEmpty());
    if (op.op().equals("add") && noPath) {
      // A whole new resource.
      Message added = ResourceJson.parse(op.value(), lists.prototype(patch.type()));
      if (patch.type().equals(SECRET) && name(added).equals(UpstreamTls.SYSTEM_TRUST_STORE)) {
        throw new IllegalArgumentException("secret name \"" + UpstreamTls.SYSTEM_TRUST_STORE
            + "\" is reserved for the system trust store and cannot be used by other resources");
      }
      var invalid = OutputValidation.check(added);
      if (invalid.isPresent()) {
        throw new IllegalArgumentException(invalid.get());
      }
      lists.of(patch.type()).add(added);
      return;
    }
    List<Message> list = lists.of(patch.type());
    int index = -1;
    for (int i = 0; i < list.size(); i++) {
      if (name(list.get(i)).equals(patch.name())) {
        index = i;
        break;
      }
    }
    if (index < 0) {
      notFound.add(patch.type() + "/" + patch.name());
      return;
    }
    if (patch.type().equals(SECRET) && patch.name().equals(UpstreamTls.SYSTEM_TRUST_STORE)) {
      throw new IllegalArgumentException("secret name \"" + UpstreamTls.SYSTEM_TRUST_STORE
          + "\" is reserved for the system trust store and cannot be modified by patches");
    }
    // In declaration order, as upstream's document is (this shows in error messages).
    JsonNode document = ProtoJsonErrors.inDeclarationOrder(
        ResourceJson.toProtoNameTree(list.get(index)),
        ResourceJson.descriptor(list.get(index).getDescriptorForType().getFullName()));
    List<String> pointers;
    if (op.jsonPath() != null) {
      pointers = JsonPaths.pointers(document.toString(), op.jsonPath(), op.path());
      if (pointers.isEmpty()) {
        throw new IllegalArgumentException("no jsonPointers were found while evaluating the "
            + "jsonPath: '" + op.jsonPath() + "'. Ensure the elements you are trying to select "
            + "with the jsonPath exist in the document. If you need to add a non-existing "
            + "property, use the 'path' attribute");
      }
    } else {
      pointers = List.of(op.path());
    }
    List<String> failures = new ArrayList<>();
    for (String pointer : pointers) {
      try {
        document = JsonPatchOperations.apply(document, op.op(), pointer, op.from(), op.value());
      } catch (IllegalArgumentException e) {
        failures.add("unable to apply patch: op=" + op.op() + " path=" + pointer + " err: "
            + e.getMessage());
      }
    }
    Message patched;
    try {
      patched = ResourceJson.parse(document, lists.prototype(patch.type()));
    } catch (InvalidProtocolBufferException e) {
      String json = document.toString();
      String why = ProtoJsonErrors.unknownField(json,
          ResourceJson.descriptor(lists.prototype(patch.type()).getDescriptorForType()
              .getFullName())).orElse("proto: " + e.getMessage());
      throw new IllegalArgumentException("unable to unmarshal xds resource " + json + ", err:"
          + why, e);
    }
    if (patch.type().equals(SECRET) && name(patched).equals(UpstreamTls.SYSTEM_TRUST_STORE)) {
      throw new IllegalArgumentException("secret name \"" + UpstreamTls.SYSTEM_TRUST_STORE
          + "\" is reserved for the system trust store and cannot be used by other resources");
    }
    var invalid = OutputValidation.check(patched);
    if (invalid.isPresent()) {
      throw new IllegalArgumentException(invalid.get());
    }
    list.set(index, patched);
    if (!failures.isEmpty()) {
      throw new IllegalArgumentException(String.join("\n", failures));
    }
  }

  /** The checks Envoy Gateway makes on an operation before applying it. */
  static void validate(JsonPatchOperation op) {
    if (op.path() == null && op.jsonPath() == null) {
      throw new IllegalArgumentException("a patch operation must specify a path or jsonPath");
    }
    switch (op.op()) {
      case "add", "replace", "test" -> {
        if (op.value() == null) {
          throw new IllegalArgumentException("the " + op.op() + " operation requires a value");
        }
        if (op.from() != null) {
          throw new IllegalArgumentException(
              "the " + op.op() + " operation doesn't support a from attribute");
        }
      }
      case "remove" -> {
        if (op.from() != null || op.value() != null) {
          throw new IllegalArgumentException(
              "value and from can't be specified with the remove operation");
        }
      }
      case "move", "copy" -> {
        if (op.from() == null) {
          throw new IllegalArgumentException(
              "the " + op.op() + " operation requires a valid from attribute");
        }
        if (op.value() != null) {
          throw new IllegalArgumentException(
              "the " + op.op() + " operation doesn't support a value attribute");
        }
      }
      default -> throw new IllegalArgumentException("unsupported JSONPatch operation");
    }
  }

  private static String name(Message resource) {
    var fd = resource.getDescriptorForType().findFieldByName("name");
    if (fd == null) {
      fd = resource.getDescriptorForType().findFieldByName("cluster_name");
    }
    return (String) resource.getField(fd);
  }

  /**
   * The policy's status with its Programmed condition set on every ancestor: not found beats
   * invalid, which beats programmed.
   */
  private static JsonNode status(EnvoyPatchPolicy policy, List<String> errors,
      List<String> notFound) {
    ObjectNode status = policy.status() != null && policy.status().isObject()
        ? ((ObjectNode) policy.status()).deepCopy() : JsonNodeFactory.instance.objectNode();
    long generation = policy.generation() == null ? 0 : policy.generation();
    String reason;
    String message;
    String value;
    if (!notFound.isEmpty()) {
      reason = "ResourceNotFound";
      message = "Unable to find xds resources: " + String.join(",", notFound);
      value = "False";
    } else if (!errors.isEmpty()) {
      reason = "Invalid";
      message = conditionMessage(String.join("\n", errors));
      value = "False";
    } else {
      reason = "Programmed";
      message = "Patches have been successfully applied.";
      value = "True";
    }
    for (JsonNode ancestor : status.path("ancestors")) {
      ArrayNode conditions = ancestor.has("conditions") && ancestor.get("conditions").isArray()
          ? (ArrayNode) ancestor.get("conditions")
          : ((ObjectNode) ancestor).putArray("conditions");
      for (int i = conditions.size() - 1; i >= 0; i--) {
        if ("Programmed".equals(conditions.get(i).path("type").asText())) {
          conditions.remove(i);
        }
      }
      ObjectNode c = conditions.addObject();
      c.put("type", "Programmed");
      c.put("status", value);
      c.put("reason", reason);
      c.put("message", message);
      c.put("observedGeneration", generation);
    }
    return status;
  }

  /** As Envoy Gateway words condition messages: a capital first letter and a final period. */
  static String conditionMessage(String message) {
    if (message.isEmpty()) {
      return message;
    }
    String out = Character.isLetter(message.charAt(0))
        ? Character.toUpperCase(message.charAt(0)) + message.substring(1) : message;
    return out.endsWith(".") ? out : out + ".";
  }
}
