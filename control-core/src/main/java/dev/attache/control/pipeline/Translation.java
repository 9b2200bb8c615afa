package dev.attache.control.pipeline;

import static java.util.Objects.requireNonNull;

import dev.attache.control.extension.ExtensionSetup;
import dev.attache.control.extension.HookChain;
import dev.attache.control.extension.HookRun;
import dev.attache.control.gatewayapi.GatewayApiTranslator;
import dev.attache.control.gatewayapi.TranslationResult;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.ir.Infra;
import dev.attache.control.ir.Xds;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.gatewayapi.GatewayClass;
import dev.attache.control.xds.translate.AuthzPolicyResources;
import dev.attache.control.xds.translate.RateLimitConfigResources;
import dev.attache.control.xds.translate.XdsResources;
import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.ratelimit.api.v3.RateLimitConfig;
import dev.attache.control.xds.translate.XdsTranslator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one translation every entry point runs ({@code serve} on files or Kubernetes,
 * {@code translate}, {@code conformance}, the benchmarks): a resource snapshot (as
 * {@link dev.attache.control.load.ResourceLoader} makes it) and {@link TranslationSettings} in,
 * per GatewayClass the objects with their statuses, the infrastructure IR, the xDS IR, the Envoy
 * resources and the companion services' configs (rate limits, authz policies) of each gateway out. The stages, in order:
 *
 * <ol>
 *   <li>the classes to translate ({@link TranslationSettings#everyOwnedClass()});
 *   <li>each class's parameters, as Envoy Gateway's provider resolves them
 *       ({@link GatewayClassParameters}), unless the resources carry the class's EnvoyProxy already;
 *   <li>the Gateway API translator: statuses, infrastructure IR, xDS IR per gateway;
 *   <li>per gateway, the companions' config from its xDS IR: the rate-limit service's
 *       {@code RateLimitConfig}s and the authz-service's {@code AuthzPolicy}s;
 *   <li>the xDS translator per gateway, calling the extension servers' hooks where Envoy Gateway
 *       calls them.
 * </ol>
 *
 * <p>It keeps no state between runs: what to serve when a class fails (its last good output) is
 * the caller's choice ({@link TranslationPipeline} keeps it).
 */
public final class Translation {
  private Translation() {}

  /** What one run produced. */
  public record Output(List<ClassOutput> classes, Optional<String> hookChainError) {
    public Output {
      classes = List.copyOf(classes);
      requireNonNull(hookChainError, "hookChainError");
    }

    /** The output of the class {@code name}, if it was translated. */
    public Optional<ClassOutput> forClass(String name) {
      return classes.stream().filter(c -> c.gatewayClass().equals(name)).findFirst();
    }
  }

  /**
   * One GatewayClass's translation, or its failure.
   *
   * @param gatewayClass the class's name
   * @param judged the objects this class's translation judged, with their statuses (null on failure)
   * @param infraIR per gateway key, the infrastructure IR (sorted by key)
   * @param xdsIR per gateway key, the xDS IR (sorted by key)
   * @param xds per gateway key, the Envoy resources (sorted by key)
   * @param rateLimitConfigs per gateway key with global rate limits, the rate-limit service's
   *     configs (one per domain), the companion config published on the rate-limit xDS server
   * @param authzPolicies per gateway key with routes guarded by authz-service, the policies they
   *     name (Secrets resolved, credentials hashed), the companion config published to authz-service
   * @param keepLastGood gateway keys whose extension hooks failed in {@code KeepLastGood} mode: their
   *     previous resources should keep serving
   * @param failure why the class could not be translated, or null
   */
  public record ClassOutput(String gatewayClass, ResourceSet judged, Map<String, Infra> infraIR,
      Map<String, Xds> xdsIR, Map<String, XdsResources> xds, Map<String, List<RateLimitConfig>> rateLimitConfigs,
      Map<String, List<AuthzPolicy>> authzPolicies, Set<String> keepLastGood, RuntimeException failure) {
    public ClassOutput {
      requireNonNull(gatewayClass, "gatewayClass");
      infraIR = java.util.Collections.unmodifiableMap(new TreeMap<>(infraIR));
      xdsIR = java.util.Collections.unmodifiableMap(new TreeMap<>(xdsIR));
      xds = java.util.Collections.unmodifiableMap(new TreeMap<>(xds));
      rateLimitConfigs = java.util.Collections.unmodifiableMap(new TreeMap<>(rateLimitConfigs));
      authzPolicies = java.util.Collections.unmodifiableMap(new TreeMap<>(authzPolicies));
      keepLastGood = Set.copyOf(keepLastGood);
    }

    static ClassOutput failed(String gatewayClass, RuntimeException failure) {
      return new ClassOutput(gatewayClass, null, Map.of(), Map.of(), Map.of(), Map.of(), Map.of(), Set.of(), failure);
    }

    public boolean ok() {
      return failure == null;
    }
  }

  /** Translates {@code resources} as {@code settings} say. */
  public static Output run(ResourceSet resources, TranslationSettings settings) {
    requireNonNull(resources, "resources");
    requireNonNull(settings, "settings");
    ExtensionSetup extensions = settings.extensions();
    HookChain hooks = null;
    RuntimeException noHooks = null;
    if (extensions != null) {
      try {
        hooks = extensions.chain(resources);
      } catch (RuntimeException e) {
        // Translating without the configured hooks would serve what no extension approved.
        noHooks = e;
      }
    }
    // Extensions that timed out or were unreachable in this run, across its gateways: each costs
    // one deadline per run, not one per gateway.
    Map<String, String> unreachable = new HashMap<>();
    XdsTranslator xds = new XdsTranslator(settings.xds());
    List<ClassOutput> out = new ArrayList<>();
    for (String className : classes(resources, settings)) {
      if (noHooks != null) {
        out.add(ClassOutput.failed(className, noHooks));
        continue;
      }
      try {
        out.add(translateClass(resources, className, settings, xds, hooks, unreachable));
      } catch (RuntimeException e) {
        out.add(ClassOutput.failed(className, e));
      }
    }
    return new Output(out, Optional.ofNullable(noHooks).map(RuntimeException::getMessage));
  }

  /** The names of the classes to translate, in the resources' order. */
  private static List<String> classes(ResourceSet resources, TranslationSettings settings) {
    TranslatorSettings gatewayApi = settings.gatewayApi();
    if (!settings.everyOwnedClass()) {
      return List.of(gatewayApi.gatewayClassName());
    }
    Set<String> names = new LinkedHashSet<>();
    for (GatewayClass gc : resources.gatewayClasses()) {
      if (gc.spec() != null && gatewayApi.controllerName().equals(gc.spec().controllerName())) {
        names.add(gc.name());
      }
    }
    return List.copyOf(names);
  }

  private static ClassOutput translateClass(ResourceSet resources, String className, TranslationSettings settings,
      XdsTranslator xds, HookChain hooks, Map<String, String> unreachable) {
    ResourceSet forClass = resources;
    if (resources.envoyProxyForGatewayClass() == null) {
      for (GatewayClass gc : resources.gatewayClasses()) {
        if (gc.name().equals(className)) {
          forClass = GatewayClassParameters.apply(resources, gc, settings.judgeClasses());
        }
      }
    }
    TranslationResult result = GatewayApiTranslator.translate(forClass,
        settings.gatewayApi().withGatewayClassName(className));
    Map<String, XdsResources> translated = new LinkedHashMap<>();
    Set<String> keepLastGood = new LinkedHashSet<>();
    Map<String, List<RateLimitConfig>> rateLimitConfigs = new LinkedHashMap<>();
    Map<String, List<AuthzPolicy>> authzPolicies = new LinkedHashMap<>();
    for (Map.Entry<String, Xds> e : new TreeMap<>(result.xdsIR()).entrySet()) {
      List<RateLimitConfig> configs = RateLimitConfigResources.of(e.getValue());
      if (!configs.isEmpty()) {
        rateLimitConfigs.put(e.getKey(), configs);
      }
      List<AuthzPolicy> policies = AuthzPolicyResources.of(e.getValue(), forClass);
      if (!policies.isEmpty()) {
        authzPolicies.put(e.getKey(), policies);
      }
      if (hooks == null || hooks.isEmpty()) {
        translated.put(e.getKey(), xds.translate(e.getValue()));
        continue;
      }
      HookRun run = hooks.start(unreachable);
      translated.put(e.getKey(), xds.translate(e.getValue(), run));
      settings.extensions().record(e.getKey(), run.failures());
      if (run.keepLastGood()) {
        keepLastGood.add(e.getKey());
      }
    }
    return new ClassOutput(className, result.resources(), result.infraIR(), result.xdsIR(), translated,
        rateLimitConfigs, authzPolicies, keepLastGood, null);
  }
}
