package dev.attache.control.extension;

import static java.util.Objects.requireNonNull;

import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.UnstructuredObject;
import dev.attache.control.resource.core.Secret;
import dev.attache.control.resource.envoygateway.ExtensionManager;
import dev.attache.control.resource.envoygateway.GroupVersionKind;
import dev.attache.control.resource.gatewayapi.SecretObjectReference;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured extension servers of a running control plane: which resource kinds they bring
 * (read as unstructured objects, handed to the Gateway API translator), the hook chain (built
 * from the resources' Secrets when TLS refers to them, and built again when those Secrets
 * change), and what failed in the last translation of each gateway, for logs, metrics and the
 * config dump.
 */
public final class ExtensionSetup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExtensionSetup.class);
  private static final int SHOWN_FAILURES = 10;

  private final ExtensionConfigFile config;
  private final String namespace;
  private final MeterRegistry registry;
  private final Set<String> resourceKinds;
  private final Set<String> policyKinds;
  private final List<String[]> secretRefs;
  private final Map<String, List<HookFailure>> failing = new ConcurrentHashMap<>();
  /** Replaced under this object's lock; read without it by {@link #status()}. */
  private volatile HookChain chain;
  private Map<String, Map<String, String>> chainSecrets;
  private volatile String chainError;

  /**
   * @param namespace the control plane's namespace, where Secrets without one are looked up
   * @param registry where hook failures are counted, or {@code null}
   */
  public ExtensionSetup(ExtensionConfigFile config, String namespace, MeterRegistry registry) {
    this.config = requireNonNull(config, "config");
    this.namespace = requireNonNull(namespace, "namespace");
    this.registry = registry;
    Set<String> resources = new LinkedHashSet<>();
    Set<String> policies = new LinkedHashSet<>();
    List<String[]> refs = new ArrayList<>();
    for (ExtensionManager m : managers()) {
      kinds(m.resources(), resources);
      kinds(m.backendResources(), resources);
      kinds(m.policyResources(), policies);
      if (m.service() != null && m.service().tls() != null) {
        ref(m.service().tls().certificateRef(), refs);
        ref(m.service().tls().clientCertificateRef(), refs);
      }
    }
    this.resourceKinds = Set.copyOf(resources);
    this.policyKinds = Set.copyOf(policies);
    this.secretRefs = List.copyOf(refs);
    if (registry != null) {
      Gauge.builder("attache.extension.failing.gateways", failing, f -> f.values().stream().filter(l -> !l.isEmpty()).count())
          .description("Gateways whose last translation had a failed extension hook call")
          .register(registry);
    }
  }

  private List<ExtensionManager> managers() {
    var eg = config.envoyGateway();
    List<ExtensionManager> out = new ArrayList<>();
    if (eg.extensionManager() != null) {
      out.add(eg.extensionManager());
    }
    if (eg.extensionManagers() != null) {
      out.addAll(eg.extensionManagers());
    }
    return out;
  }

  private static void kinds(List<GroupVersionKind> list, Set<String> out) {
    if (list != null) {
      list.forEach(k -> out.add(Objects.requireNonNullElse(k.group(), "") + "/" + Objects.requireNonNullElse(k.kind(), "")));
    }
  }

  private void ref(SecretObjectReference r, List<String[]> out) {
    if (r != null && r.name() != null) {
      out.add(new String[] {r.namespace() == null || r.namespace().isEmpty() ? namespace : r.namespace(), r.name()});
    }
  }

  /** {@code group/Kind}s of extension filters and custom backends ({@code resources}, {@code backendResources}). */
  public Set<String> resourceKinds() {
    return resourceKinds;
  }

  /** {@code group/Kind}s of extension policies ({@code policyResources}). */
  public Set<String> policyKinds() {
    return policyKinds;
  }





  /**
   * The chain for a translation of {@code resources}: the current one, or a new one when the
   * Secrets its TLS refers to changed. A chain that cannot be built (a missing Secret, a file
   * that does not read) throws with the field path. Translation then stops (the pipeline keeps
   * serving each GatewayClass's last good configuration) until a chain builds again.
   */
  public synchronized HookChain chain(ResourceSet resources) {
    Map<String, Map<String, String>> secrets = referencedSecrets(resources);
    if (chain != null && secrets.equals(chainSecrets)) {
      return chain;
    }
    try {
      HookChain built = new HookChain(ExtensionManagers.build(config, namespace, lookup(resources)), registry);
      if (chain != null) {
        chain.close();
      }
      chain = built;
      chainSecrets = secrets;
      chainError = null;
      return chain;
    } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
      chainError = config.file() + ": EnvoyGateway: field " + e.getMessage();
      throw new IllegalArgumentException(chainError, e);
    }
  }

  /** Why the chain could not be built last time, if it could not. */
  public Optional<String> chainError() {
    return Optional.ofNullable(chainError);
  }

  private Map<String, Map<String, String>> referencedSecrets(ResourceSet resources) {
    Map<String, Map<String, String>> out = new TreeMap<>();
    for (String[] ref : secretRefs) {
      for (Secret s : resources.secrets()) {
        if (s.metadata() != null && ref[1].equals(s.metadata().name())
            && ref[0].equals(Objects.requireNonNullElse(s.metadata().namespace(), ""))) {
          Map<String, String> data = new TreeMap<>();
          if (s.data() != null) {
            data.putAll(s.data());
          }
          if (s.stringData() != null) {
            s.stringData().forEach((k, v) -> data.put(k, "string:" + v));
          }
          out.put(ref[0] + "/" + ref[1], data);
        }
      }
    }
    return out;
  }

  private static ExtensionManagers.SecretLookup lookup(ResourceSet resources) {
    return (ns, name) -> resources.secrets().stream()
        .filter(s -> s.metadata() != null && name.equals(s.metadata().name())
            && ns.equals(Objects.requireNonNullElse(s.metadata().namespace(), "")))
        .findFirst()
        .map(ExtensionSetup::decoded);
  }

  private static Map<String, byte[]> decoded(Secret s) {
    Map<String, byte[]> out = new HashMap<>();
    if (s.data() != null) {
      s.data().forEach((k, v) -> out.put(k, Base64.getMimeDecoder().decode(v)));
    }
    if (s.stringData() != null) {
      s.stringData().forEach((k, v) -> out.put(k, v.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** Notes what failed in the last translation of {@code gateway}; logs recovery. */
  public void record(String gateway, List<HookFailure> failures) {
    List<HookFailure> before = failing.put(gateway, List.copyOf(failures));
    if (failures.isEmpty() && before != null && !before.isEmpty()) {
      log.info("gateway {}: every extension hook call succeeded again; what the failures changed is restored",
          gateway);
    }
  }

  /** The failed hook calls of each gateway's last translation (gateways without failures left out). */
  public Map<String, List<HookFailure>> failures() {
    Map<String, List<HookFailure>> out = new TreeMap<>();
    failing.forEach((gateway, list) -> {
      if (!list.isEmpty()) {
        out.put(gateway, list);
      }
    });
    return out;
  }

  /** Forgets gateways that are gone. */
  public void retainGateways(Set<String> gateways) {
    failing.keySet().retainAll(gateways);
  }

  /** What {@code /config_dump} shows: the extensions, and the failures of each gateway's last translation. */
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    List<Map<String, Object>> configured = new ArrayList<>();
    HookChain c = chain;
    if (c != null) {
      for (ConfiguredExtension e : c.extensions()) {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("name", e.name());
        one.put("hooks", e.postHooks().stream().map(XdsHook::configName).sorted().toList());
        one.put("failureMode", switch (e.failureMode()) {
          case FAIL_CLOSED -> "FailClosed";
          case FAIL_OPEN -> "FailOpen";
          case KEEP_LAST_GOOD -> "KeepLastGood";
        });
        configured.add(one);
      }
    }
    out.put("extensions", configured);
    if (chainError != null) {
      out.put("error", chainError);
    }
    Map<String, Object> failures = new TreeMap<>();
    failing.forEach((gateway, list) -> {
      if (!list.isEmpty()) {
        // A dead extension fails once per resource: the first few say it all.
        List<String> shown = new ArrayList<>(list.stream().limit(SHOWN_FAILURES).map(HookFailure::toString).toList());
        if (list.size() > SHOWN_FAILURES) {
          shown.add("… and " + (list.size() - SHOWN_FAILURES) + " more");
        }
        failures.put(gateway, shown);
      }
    });
    out.put("failing", failures);
    return out;
  }

  @Override
  public synchronized void close() {
    if (chain != null) {
      chain.close();
      chain = null;
    }
  }
}
