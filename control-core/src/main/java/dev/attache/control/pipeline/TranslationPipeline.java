package dev.attache.control.pipeline;

import static java.util.Objects.requireNonNull;

import dev.attache.control.extension.ExtensionSetup;
import dev.attache.control.extension.HookChain;
import dev.attache.control.extension.HookRun;
import dev.attache.control.gatewayapi.GatewayApiTranslator;
import dev.attache.control.gatewayapi.TranslationResult;
import dev.attache.control.gatewayapi.TranslatorSettings;
import com.fasterxml.jackson.databind.JsonNode;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.ir.Xds;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.gatewayapi.GatewayClass;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.control.xds.translate.XdsTranslator;
import dev.attache.wasm.ModuleResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code serve} publishes: resources → Gateway API translator (per GatewayClass this
 * controller owns) → xDS IR per gateway → Envoy resources, the xDS translator calling the configured
 * extension hooks where Envoy Gateway calls them. A GatewayClass whose
 * translation fails keeps its last good output, so one bad change never empties a gateway.
 */
public final class TranslationPipeline implements ResourceTranslation {
  private static final Logger log = LoggerFactory.getLogger(TranslationPipeline.class);

  private final String controllerName;
  private final String controllerNamespace;
  private final XdsTranslator xds;
  private final ExtensionSetup extensions;
  private final ModuleResolver wasmModules;
  private final Map<String, Map<String, XdsResources>> lastGoodByClass = new LinkedHashMap<>();
  /** Per GatewayClass, the objects its last translation judged; statuses are read from them on demand. */
  private final Map<String, ResourceSet> judgedByClass = new LinkedHashMap<>();
  /** What {@link #statuses()} reads, replaced after each translation (never read under the lock). */
  private volatile List<ResourceSet> judged = List.of();

  /**
   * @param controllerName GatewayClasses with this {@code spec.controllerName} are translated
   * @param controllerNamespace where the control plane runs (Envoy Gateway's default
   *     {@code envoy-gateway-system})
   * @param extensions the configured extension servers, or {@code null} for none
   */
  public TranslationPipeline(String controllerName, String controllerNamespace, ExtensionSetup extensions) {
    this(controllerName, controllerNamespace, extensions, null);
  }

  /**
   * @param wasmModules fetches, verifies and publishes the Wasm modules EnvoyExtensionPolicies
   *     name, or {@code null} to refuse Wasm extensions
   */
  public TranslationPipeline(String controllerName, String controllerNamespace, ExtensionSetup extensions,
      ModuleResolver wasmModules) {
    this.controllerName = requireNonNull(controllerName, "controllerName");
    this.controllerNamespace = requireNonNull(controllerNamespace, "controllerNamespace");
    this.xds = new XdsTranslator(new dev.attache.control.xds.translate.TranslatorSettings(controllerNamespace,
        "grpc://envoy-ratelimit." + controllerNamespace + ".svc.cluster.local:8081", Set.of()));
    this.extensions = extensions;
    this.wasmModules = wasmModules;
  }

  /** Envoy Gateway's controller name and namespace, no extensions. */
  public static TranslationPipeline defaults() {
    return new TranslationPipeline(TranslatorSettings.DEFAULT_CONTROLLER_NAME,
        TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE, null);
  }

  /**
   * Resource files rarely declare their Namespaces, but route attachment is judged against
   * Namespace objects (as in Kubernetes, where they always exist): add the ones objects live in.
   */
  static ResourceSet withImplicitNamespaces(ResourceSet resources) {
    java.util.Set<String> declared = new java.util.HashSet<>();
    resources.namespaces().forEach(n -> declared.add(n.name()));
    java.util.Set<String> used = new java.util.TreeSet<>();
    resources.objects().forEach(o -> {
      if (o.namespace() != null && !o.namespace().isEmpty()) {
        used.add(o.namespace());
      }
    });
    used.removeAll(declared);
    if (used.isEmpty()) {
      return resources;
    }
    ResourceSet.Builder b = resources.toBuilder();
    for (String ns : used) {
      b.add(new dev.attache.control.resource.core.Namespace("v1", "Namespace",
          new dev.attache.control.resource.meta.ObjectMeta(ns, null, null, null, null, null, null, null, null,
              null, null, null, null, null, null), null, null));
    }
    return b.build();
  }

  @Override
  public synchronized Map<String, XdsResources> translate(ResourceSet given) {
    ResourceSet resources = withImplicitNamespaces(given);
    HookChain hooks = null;
    // Extensions that timed out or were unreachable in this translation, across its gateways.
    Map<String, String> unreachableExtensions = new java.util.HashMap<>();
    RuntimeException noHooks = null;
    if (extensions != null) {
      resources = extensions.sortPolicies(resources);
      try {
        hooks = extensions.chain(resources);
      } catch (RuntimeException e) {
        // Translating without the configured hooks would serve what no extension approved.
        noHooks = e;
      }
    }
    Map<String, XdsResources> out = new LinkedHashMap<>();
    Map<String, Map<String, XdsResources>> good = new LinkedHashMap<>();
    for (GatewayClass gc : resources.gatewayClasses()) {
      if (gc.spec() == null || !controllerName.equals(gc.spec().controllerName())) {
        continue;
      }
      Map<String, XdsResources> forClass;
      try {
        if (noHooks != null) {
          throw noHooks;
        }
        forClass = translateClass(resources, gc, hooks, unreachableExtensions);
      } catch (RuntimeException e) {
        forClass = lastGoodByClass.getOrDefault(gc.name(), Map.of());
        log.error("GatewayClass {}: translation failed ({}); {} gateway(s) keep their last good configuration",
            gc.name(), e.toString(), forClass.size(), e);
      }
      good.put(gc.name(), forClass);
      out.putAll(forClass);
    }
    lastGoodByClass.clear();
    lastGoodByClass.putAll(good);
    judgedByClass.keySet().retainAll(good.keySet());
    judged = List.copyOf(judgedByClass.values());
    if (extensions != null && noHooks == null) {
      extensions.retainGateways(out.keySet());
    }
    return out;
  }

  @Override
  public List<Map<String, Object>> statuses() {
    return judged.stream().flatMap(r -> statusesOf(r).stream()).toList();
  }

  /** The objects of one translation that carry a status, in a form for {@code /statuses}. */
  private static List<Map<String, Object>> statusesOf(ResourceSet translated) {
    List<Map<String, Object>> out = new ArrayList<>();
    translated.objects().forEach(o -> {
      if (o instanceof dev.attache.control.resource.core.Secret
          || o instanceof dev.attache.control.resource.core.ConfigMap) {
        return; // no status, and their data stays out of admin output
      }
      JsonNode status = IrWriter.toTree(o).get("status");
      if (status == null || status.isNull() || status.isEmpty()) {
        return;
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("kind", o.kind());
      if (o.namespace() != null && !o.namespace().isEmpty()) {
        entry.put("namespace", o.namespace());
      }
      entry.put("name", o.name());
      entry.put("status", status);
      out.add(entry);
    });
    return List.copyOf(out);
  }

  private Map<String, XdsResources> translateClass(ResourceSet resources, GatewayClass gc, HookChain hooks,
      Map<String, String> unreachableExtensions) {
    ResourceSet forClass = GatewayClassParameters.apply(resources, gc);
    TranslationResult result = GatewayApiTranslator.translate(forClass,
        TranslatorSettings.builder(gc.name())
        .controllerName(controllerName)
        .controllerNamespace(controllerNamespace)
        .wasmCache(wasmModules)
        .extensionGroupKinds(extensions == null ? List.of() : List.copyOf(extensions.resourceKinds()))
        .build());
    judgedByClass.put(gc.name(), result.resources());
    Map<String, XdsResources> out = new LinkedHashMap<>();
    Map<String, XdsResources> previous = lastGoodByClass.getOrDefault(gc.name(), Map.of());
    for (Map.Entry<String, Xds> e : result.xdsIR().entrySet()) {
      XdsResources translated;
      if (hooks == null || hooks.isEmpty()) {
        translated = xds.translate(e.getValue());
      } else {
        HookRun run = hooks.start(unreachableExtensions);
        translated = xds.translate(e.getValue(), run);
        extensions.record(e.getKey(), run.failures());
        if (run.keepLastGood() && previous.containsKey(e.getKey())) {
          log.warn("gateway {}: an extension failed in KeepLastGood mode; the last good snapshot stays", e.getKey());
          translated = previous.get(e.getKey());
        }
      }
      out.put(e.getKey(), translated);
    }
    return out;
  }

}
