package dev.attache.control.pipeline;

import static java.util.Objects.requireNonNull;

import dev.attache.control.extension.ExtensionSetup;
import dev.attache.control.gatewayapi.TranslatorSettings;
import com.fasterxml.jackson.databind.JsonNode;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.ratelimit.api.v3.RateLimitConfig;
import dev.attache.wasm.ModuleResolver;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What {@code serve} publishes: the runner around {@link Translation} for a control plane. Each
 * snapshot is translated whole; a GatewayClass whose translation fails keeps its last good output
 * (so one bad change never empties a gateway), a gateway whose extension failed in
 * {@code KeepLastGood} mode keeps its previous resources, and the statuses of the last good run of
 * each class are kept for {@code /statuses}.
 */
public final class TranslationPipeline implements ResourceTranslation {
  private static final Logger log = LoggerFactory.getLogger(TranslationPipeline.class);

  private final TranslationSettings settings;
  private final Map<String, Map<String, XdsResources>> lastGoodByClass = new LinkedHashMap<>();
  private final Map<String, Map<String, List<RateLimitConfig>>> rateLimitByClass = new LinkedHashMap<>();
  /** What {@link #rateLimitConfigs()} reads, replaced after each translation. */
  private volatile Map<String, List<RateLimitConfig>> rateLimitConfigs = Map.of();
  private final Map<String, Map<String, List<AuthzPolicy>>> authzByClass = new LinkedHashMap<>();
  /** What {@link #authzPolicies()} reads, replaced after each translation. */
  private volatile Map<String, List<AuthzPolicy>> authzPolicies = Map.of();
  /** Per GatewayClass, the objects its last translation judged; statuses are read from them on demand. */
  private final Map<String, ResourceSet> judgedByClass = new LinkedHashMap<>();
  /** What {@link #statuses()} reads, replaced after each translation (never read under the lock). */
  private volatile List<ResourceSet> judged = List.of();

  /** A runner of {@link Translation} with {@code settings}. */
  public TranslationPipeline(TranslationSettings settings) {
    this.settings = requireNonNull(settings, "settings");
  }

  /**
   * @param controllerName GatewayClasses with this {@code spec.controllerName} are translated
   * @param controllerNamespace where the control plane runs (Envoy Gateway's default
   *     {@code envoy-gateway-system})
   * @param extensions the configured extension servers, or {@code null} for none
   * @param wasmModules fetches, verifies and publishes the Wasm modules EnvoyExtensionPolicies
   *     name, or {@code null} to refuse Wasm extensions
   */
  public TranslationPipeline(String controllerName, String controllerNamespace, ExtensionSetup extensions,
      ModuleResolver wasmModules) {
    this(controllerName, controllerNamespace, extensions, wasmModules, null);
  }

  /**
   * As {@link #TranslationPipeline(String, String, ExtensionSetup, ModuleResolver)}, with global
   * rate limiting on when {@code rateLimitServiceUrl} is not null (as when Envoy Gateway's config
   * has {@code rateLimit}): BackendTrafficPolicy global limits translate, and Envoy's rate-limit
   * cluster points at that {@code grpc://host:port}.
   */
  public TranslationPipeline(String controllerName, String controllerNamespace, ExtensionSetup extensions,
      ModuleResolver wasmModules, String rateLimitServiceUrl) {
    this(controllerName, controllerNamespace, extensions, wasmModules, rateLimitServiceUrl, null);
  }

  /**
   * As {@link #TranslationPipeline(String, String, ExtensionSetup, ModuleResolver, String)}, with
   * Envoy's ext_authz cluster for authz-service pointing at {@code authzServiceUrl}
   * ({@code grpc://host:port}), or at {@code attache-authz.<controllerNamespace>} when null.
   */
  public TranslationPipeline(String controllerName, String controllerNamespace, ExtensionSetup extensions,
      ModuleResolver wasmModules, String rateLimitServiceUrl, String authzServiceUrl) {
    this(controlPlane(TranslatorSettings.builder("")
        .controllerName(controllerName)
        .controllerNamespace(controllerNamespace)
        .wasmCache(wasmModules)
        .globalRateLimitEnabled(rateLimitServiceUrl != null)
        .extensionGroupKinds(extensions == null ? List.of() : List.copyOf(extensions.resourceKinds()))
        .build(), extensions, rateLimitServiceUrl, authzServiceUrl));
  }

  private static TranslationSettings controlPlane(TranslatorSettings gatewayApi, ExtensionSetup extensions,
      String rateLimitServiceUrl, String authzServiceUrl) {
    TranslationSettings settings = rateLimitServiceUrl == null ? TranslationSettings.controlPlane(gatewayApi, extensions)
        : TranslationSettings.controlPlane(gatewayApi, extensions, rateLimitServiceUrl);
    return authzServiceUrl == null ? settings : settings.withAuthzServiceUrl(authzServiceUrl);
  }

  /** Envoy Gateway's controller name and namespace, no extensions. */
  public static TranslationPipeline defaults() {
    return new TranslationPipeline(TranslatorSettings.DEFAULT_CONTROLLER_NAME,
        TranslatorSettings.DEFAULT_CONTROLLER_NAMESPACE, null, null);
  }

  @Override
  public synchronized Map<String, XdsResources> translate(ResourceSet resources) {
    Translation.Output output = Translation.run(resources, settings);
    Map<String, XdsResources> out = new LinkedHashMap<>();
    Map<String, Map<String, XdsResources>> good = new LinkedHashMap<>();
    Map<String, Map<String, List<RateLimitConfig>>> goodRateLimits = new LinkedHashMap<>();
    Map<String, Map<String, List<AuthzPolicy>>> goodAuthz = new LinkedHashMap<>();
    for (Translation.ClassOutput c : output.classes()) {
      Map<String, XdsResources> previous = lastGoodByClass.getOrDefault(c.gatewayClass(), Map.of());
      Map<String, List<RateLimitConfig>> previousRateLimits = rateLimitByClass.getOrDefault(c.gatewayClass(), Map.of());
      Map<String, XdsResources> forClass;
      Map<String, List<RateLimitConfig>> rateLimitsForClass;
      Map<String, List<AuthzPolicy>> previousAuthz = authzByClass.getOrDefault(c.gatewayClass(), Map.of());
      Map<String, List<AuthzPolicy>> authzForClass;
      if (c.ok()) {
        judgedByClass.put(c.gatewayClass(), c.judged());
        forClass = new LinkedHashMap<>(c.xds());
        rateLimitsForClass = new LinkedHashMap<>(c.rateLimitConfigs());
        authzForClass = new LinkedHashMap<>(c.authzPolicies());
        for (String gateway : c.keepLastGood()) {
          if (previous.containsKey(gateway)) {
            log.warn("gateway {}: an extension failed in KeepLastGood mode; the last good snapshot stays", gateway);
            forClass.put(gateway, previous.get(gateway));
            // The rate limits the kept routes send descriptors for.
            rateLimitsForClass.remove(gateway);
            if (previousRateLimits.containsKey(gateway)) {
              rateLimitsForClass.put(gateway, previousRateLimits.get(gateway));
            }
            // The policies the kept routes name.
            authzForClass.remove(gateway);
            if (previousAuthz.containsKey(gateway)) {
              authzForClass.put(gateway, previousAuthz.get(gateway));
            }
          }
        }
      } else {
        forClass = previous;
        rateLimitsForClass = previousRateLimits;
        authzForClass = previousAuthz;
        log.error("GatewayClass {}: translation failed ({}); {} gateway(s) keep their last good configuration",
            c.gatewayClass(), c.failure().toString(), forClass.size(), c.failure());
      }
      good.put(c.gatewayClass(), forClass);
      goodRateLimits.put(c.gatewayClass(), rateLimitsForClass);
      goodAuthz.put(c.gatewayClass(), authzForClass);
      out.putAll(forClass);
    }
    lastGoodByClass.clear();
    lastGoodByClass.putAll(good);
    rateLimitByClass.clear();
    rateLimitByClass.putAll(goodRateLimits);
    Map<String, List<RateLimitConfig>> allRateLimits = new java.util.TreeMap<>();
    goodRateLimits.values().forEach(allRateLimits::putAll);
    rateLimitConfigs = java.util.Collections.unmodifiableMap(allRateLimits);
    authzByClass.clear();
    authzByClass.putAll(goodAuthz);
    Map<String, List<AuthzPolicy>> allAuthz = new java.util.TreeMap<>();
    goodAuthz.values().forEach(allAuthz::putAll);
    authzPolicies = java.util.Collections.unmodifiableMap(allAuthz);
    judgedByClass.keySet().retainAll(good.keySet());
    judged = List.copyOf(judgedByClass.values());
    if (settings.extensions() != null && output.hookChainError().isEmpty()) {
      settings.extensions().retainGateways(out.keySet());
    }
    return out;
  }

  @Override
  public Map<String, List<RateLimitConfig>> rateLimitConfigs() {
    return rateLimitConfigs;
  }

  @Override
  public Map<String, List<AuthzPolicy>> authzPolicies() {
    return authzPolicies;
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
}
