package dev.attache.control.extension;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.attache.control.extension.ConfiguredExtension.FailureMode;
import dev.attache.control.resource.ResourceReader;
import dev.attache.control.resource.envoygateway.EnvoyGateway;
import dev.attache.server.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code EnvoyGateway} configuration file, read strictly as Envoy Gateway's schema says, plus
 * Attaché's additions to each extension manager, which Envoy Gateway's schema has no slot for:
 *
 * <ul>
 *   <li>{@code failureMode: FailClosed | FailOpen | KeepLastGood}: what a failed hook call does
 *       ({@code KeepLastGood} keeps serving the last good snapshot, Envoy Gateway's behaviour since
 *       v1.4); {@code failOpen: true} still means {@code FailOpen};
 *   <li>{@code timeout: 10s}: each hook call's deadline (default 10 s);
 *   <li>{@code service.tls.caFile}, {@code service.tls.certificateFile} and
 *       {@code service.tls.keyFile}: PEM files (relative to this file) instead of the Secrets of
 *       {@code certificateRef} and {@code clientCertificateRef}.
 * </ul>
 *
 * <p>The additions are taken out before the strict read, so every other field is checked as
 * before and a file without them means what it means to Envoy Gateway.
 */
public record ExtensionConfigFile(Path file, EnvoyGateway envoyGateway, Map<String, Additions> additions) {
  public ExtensionConfigFile {
    requireNonNull(file, "file");
    requireNonNull(envoyGateway, "envoyGateway");
    additions = Map.copyOf(additions);
  }

  /**
   * Attaché's additions to one extension manager; each is null when not written.
   *
   * @param caFile the CA that verifies the extension server (a PEM file)
   * @param certificateFile the client certificate for mutual TLS (a PEM file, with {@code keyFile})
   */
  public record Additions(FailureMode failureMode, Duration timeout, Path caFile, Path certificateFile,
      Path keyFile) {
    static final Additions NONE = new Additions(null, null, null, null, null);
  }

  /** The additions of the manager at {@code path} ({@code extensionManager} or {@code extensionManagers[i]}). */
  public Additions additionsOf(String path) {
    return additions.getOrDefault(path, Additions.NONE);
  }

  /** Whether the configuration names any extension server. */
  public boolean hasExtensions() {
    return envoyGateway.extensionManager() != null
        || (envoyGateway.extensionManagers() != null && !envoyGateway.extensionManagers().isEmpty());
  }

  /** Reads {@code file}; a bad file is a {@link ConfigException} naming it, the object and the field. */
  public static ExtensionConfigFile read(Path file) throws IOException, ConfigException {
    return parse(file, Files.readString(file));
  }

  /** Reads config text as if from {@code file} (relative TLS files resolve against its folder). */
  public static ExtensionConfigFile parse(Path file, String text) throws ConfigException {
    ResourceReader reader = ResourceReader.create();
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = reader.mapper().readerFor(JsonNode.class).readValues(text)) {
      while (it.hasNext()) {
        docs.add(it.next());
      }
    } catch (IOException e) {
      // The strict read reports syntax errors with their position.
      return new ExtensionConfigFile(file, reader.readEnvoyGateway(file, text), Map.of());
    }
    if (docs.size() != 1 || !(docs.getFirst() instanceof ObjectNode root)) {
      return new ExtensionConfigFile(file, reader.readEnvoyGateway(file, text), Map.of());
    }
    Path base = file.toAbsolutePath().getParent();
    Map<String, Additions> additions = new LinkedHashMap<>();
    if (root.get("extensionManager") instanceof ObjectNode m) {
      additions.put("extensionManager", take(file, base, "extensionManager", m));
    }
    if (root.get("extensionManagers") instanceof com.fasterxml.jackson.databind.node.ArrayNode list) {
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i) instanceof ObjectNode m) {
          additions.put("extensionManagers[" + i + "]", take(file, base, "extensionManagers[" + i + "]", m));
        }
      }
    }
    String stripped;
    try {
      stripped = reader.mapper().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new ExtensionConfigFile(file, reader.readEnvoyGateway(file, stripped), additions);
  }

  /** Removes Attaché's keys from one manager and checks them. */
  private static Additions take(Path file, Path base, String path, ObjectNode m) throws ConfigException {
    FailureMode mode = null;
    JsonNode fm = m.remove("failureMode");
    if (fm != null && !fm.isNull()) {
      mode = switch (fm.asText()) {
        case "FailClosed" -> FailureMode.FAIL_CLOSED;
        case "FailOpen" -> FailureMode.FAIL_OPEN;
        case "KeepLastGood" -> FailureMode.KEEP_LAST_GOOD;
        default -> throw error(file, path + ".failureMode", fm.toString()
            + " (expected: FailClosed, FailOpen or KeepLastGood)");
      };
      if (m.path("failOpen").asBoolean(false) && mode != FailureMode.FAIL_OPEN) {
        throw error(file, path + ".failureMode", fm.asText()
            + " contradicts failOpen: true (expected: one of them, or failureMode: FailOpen)");
      }
    }
    Duration timeout = null;
    JsonNode t = m.remove("timeout");
    if (t != null && !t.isNull()) {
      try {
        timeout = ExtensionManagers.duration(path + ".timeout", t.asText());
      } catch (IllegalArgumentException e) {
        throw error(file, path + ".timeout", e.getMessage().substring((path + ".timeout: ").length()));
      }
      if (timeout.isZero()) {
        throw error(file, path + ".timeout", t.asText() + " (expected: > 0)");
      }
    }
    Path ca = null;
    Path cert = null;
    Path key = null;
    if (m.path("service").path("tls") instanceof ObjectNode tls) {
      String at = path + ".service.tls.";
      ca = file(base, tls.remove("caFile"));
      cert = file(base, tls.remove("certificateFile"));
      key = file(base, tls.remove("keyFile"));
      if (ca != null && tls.has("certificateRef")) {
        throw error(file, at + "caFile", "given with certificateRef (expected: one of them)");
      }
      if (cert != null && tls.has("clientCertificateRef")) {
        throw error(file, at + "certificateFile", "given with clientCertificateRef (expected: one of them)");
      }
      if ((cert == null) != (key == null)) {
        throw error(file, at + (cert == null ? "certificateFile" : "keyFile"),
            "missing (expected: certificateFile and keyFile together)");
      }
      if (cert != null && ca == null && !tls.has("certificateRef")) {
        throw error(file, at + "caFile", "missing (expected: a CA to verify the server when presenting a client certificate)");
      }
      if (tls.isEmpty()) {
        // Only Attaché's keys were there: no Secret reference for the strict read to find wanting.
        ((ObjectNode) m.path("service")).remove("tls");
        if (ca == null) {
          throw error(file, at + "caFile", "missing (expected: certificateRef or caFile)");
        }
      }
    }
    return new Additions(mode, timeout, ca, cert, key);
  }

  private static Path file(Path base, JsonNode value) {
    if (value == null || value.isNull() || value.asText().isEmpty()) {
      return null;
    }
    return base.resolve(value.asText()).normalize();
  }

  private static ConfigException error(Path file, String field, String detail) {
    return new ConfigException(file, "EnvoyGateway: field " + field + ": " + detail);
  }
}
