package dev.attache.control.xds.translate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 operations on a JSON tree, addressed by RFC 6901 pointers, with one extension Envoy
 * Gateway relies on: {@code add} creates missing parent objects along its path. (Libraries
 * implement the RFC strictly; this behaviour is why the few lines here are our own.)
 */
final class JsonPatchOperations {
  private JsonPatchOperations() {}

  /** Applies {@code op} to {@code document}; returns the new document. */
  static JsonNode apply(JsonNode document, String op, String path, String from, JsonNode value) {
    JsonNode root = document.deepCopy();
    return switch (op) {
      case "add" -> add(root, tokens(path), value.deepCopy(), true);
      case "replace" -> {
        requireExists(root, tokens(path), path);
        root = remove(root, tokens(path), path);
        yield add(root, tokens(path), value.deepCopy(), false);
      }
      case "remove" -> remove(root, tokens(path), path);
      case "move" -> {
        JsonNode moved = get(root, tokens(from), from).deepCopy();
        root = remove(root, tokens(from), from);
        yield add(root, tokens(path), moved, false);
      }
      case "copy" -> add(root, tokens(path), get(root, tokens(from), from).deepCopy(), false);
      case "test" -> {
        if (!get(root, tokens(path), path).equals(value)) {
          throw new IllegalArgumentException("testing value " + path + " failed: test failed");
        }
        yield root;
      }
      default -> throw new IllegalArgumentException("unexpected kind of operation: " + op);
    };
  }

  static List<String> tokens(String pointer) {
    if (pointer == null || pointer.isEmpty()) {
      return List.of();
    }
    if (!pointer.startsWith("/")) {
      throw new IllegalArgumentException("invalid JSON pointer: " + pointer);
    }
    List<String> out = new ArrayList<>();
    for (String t : pointer.substring(1).split("/", -1)) {
      out.add(t.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  private static JsonNode get(JsonNode root, List<String> tokens, String pointer) {
    JsonNode node = root;
    for (String t : tokens) {
      node = child(node, t);
      if (node == null) {
        throw new IllegalArgumentException("doc is missing path: \"" + pointer + "\"");
      }
    }
    return node;
  }

  private static void requireExists(JsonNode root, List<String> tokens, String pointer) {
    get(root, tokens, pointer);
  }

  private static JsonNode child(JsonNode node, String token) {
    if (node.isObject()) {
      return node.get(token);
    }
    if (node.isArray()) {
      try {
        int i = Integer.parseInt(token);
        return i >= 0 && i < node.size() ? node.get(i) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static JsonNode add(JsonNode root, List<String> tokens, JsonNode value,
      boolean createParents) {
    if (tokens.isEmpty()) {
      return value;
    }
    JsonNode parent = root;
    for (String t : tokens.subList(0, tokens.size() - 1)) {
      JsonNode next = child(parent, t);
      if (next == null) {
        if (!createParents || !parent.isObject()) {
          throw new IllegalArgumentException("add operation does not apply: doc is missing path: \""
              + "/" + String.join("/", tokens) + "\"");
        }
        next = ((ObjectNode) parent).putObject(t);
      }
      parent = next;
    }
    String last = tokens.getLast();
    if (parent.isObject()) {
      ((ObjectNode) parent).set(last, value);
    } else if (parent.isArray()) {
      ArrayNode array = (ArrayNode) parent;
      if (last.equals("-")) {
        array.add(value);
      } else {
        int i = Integer.parseInt(last);
        if (i < 0 || i > array.size()) {
          throw new IllegalArgumentException("index out of bounds: " + i);
        }
        array.insert(i, value);
      }
    } else {
      throw new IllegalArgumentException("cannot add to a scalar at " + String.join("/", tokens));
    }
    return root;
  }

  private static JsonNode remove(JsonNode root, List<String> tokens, String pointer) {
    if (tokens.isEmpty()) {
      return JsonNodeFactory.instance.nullNode();
    }
    JsonNode parent = get(root, tokens.subList(0, tokens.size() - 1), pointer);
    String last = tokens.getLast();
    if (parent.isObject() && parent.has(last)) {
      ((ObjectNode) parent).remove(last);
    } else if (parent.isArray() && child(parent, last) != null) {
      ((ArrayNode) parent).remove(Integer.parseInt(last));
    } else {
      throw new IllegalArgumentException("doc is missing path: \"" + pointer + "\"");
    }
    return root;
  }
}
