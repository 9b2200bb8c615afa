package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.attachment.TargetRef;
import dev.attache.control.gatewayapi.backend.BackendTls;
import dev.attache.control.gatewayapi.backend.Destinations;
import dev.attache.control.gatewayapi.context.GatewayContext;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.HttpListenerDraft;
import dev.attache.control.gatewayapi.context.ListenerContext;
import dev.attache.control.gatewayapi.context.Names;
import dev.attache.control.gatewayapi.context.RouteContext;
import dev.attache.control.gatewayapi.context.RouteParentContext;
import dev.attache.control.gatewayapi.context.SecretRefs;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.lua.LuaValidator;
import dev.attache.control.gatewayapi.tls.ServingCertificates;
import dev.attache.control.gatewayapi.traffic.ClusterSettingsTranslation;
import dev.attache.control.gatewayapi.traffic.PolicyException;
import dev.attache.control.ir.CustomResponse;
import dev.attache.control.ir.DynamicModule;
import dev.attache.control.ir.EnvoyExtensions;
import dev.attache.control.ir.ExtProc;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.HttpWasmCode;
import dev.attache.control.ir.Lua;
import dev.attache.control.ir.RemoteDynamicModuleSource;
import dev.attache.control.ir.RouteDestination;
import dev.attache.control.ir.TrafficFeatures;
import dev.attache.control.ir.Wasm;
import dev.attache.control.resource.core.Secret;
import dev.attache.control.resource.envoygateway.BackendRef;
import dev.attache.control.resource.envoygateway.EnvoyExtensionPolicy;
import dev.attache.control.resource.envoygateway.EnvoyProxy;
import dev.attache.control.resource.gatewayapi.ParentReference;
import dev.attache.control.resource.gatewayapi.PolicyStatus;
import dev.attache.control.resource.meta.GoDuration;
import dev.attache.wasm.CodeResolution;
import dev.attache.wasm.ModuleResolver;
import dev.attache.wasm.cache.ModuleRequest;
import dev.attache.wasm.cache.ModuleSource;
import dev.attache.wasm.cache.PullPolicy;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.oci.DockerConfig;
import dev.attache.wasm.status.WasmStatus;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * EnvoyExtensionPolicy: external processors, Wasm modules, Lua scripts and dynamic modules run on
 * the routes a policy reaches, with the same attachment and merge rules as the other route
 * policies. A failing extension answers its routes with 500 unless it fails open. As Envoy
 * Gateway's {@code ProcessEnvoyExtensionPolicies}. Lua scripts are validated by {@link LuaValidator}
 * under the gateway's EnvoyProxy settings.
 */
final class EnvoyExtensionPolicies extends ScopedPolicies<EnvoyExtensionPolicy> {
  static final String KIND = "EnvoyExtensionPolicy";

  private final ExtServices ext;
  /** Per policy, the modules served from the cache because their source could not be checked. */
  private final Map<EnvoyExtensionPolicy, Set<String>> staleModules = new IdentityHashMap<>();

  EnvoyExtensionPolicies(TranslationContext ctx, Gateways gateways, Destinations destinations,
      BackendTls backendTls) {
    super(ctx, gateways);
    this.ext = new ExtServices(ctx, destinations, backendTls);
  }

  @Override
  String policyKind() {
    return KIND;
  }

  @Override
  List<EnvoyExtensionPolicy> policies() {
    return ctx.resources.envoyExtensionPolicies();
  }

  @Override
  Targets targets(EnvoyExtensionPolicy p) {
    return new Targets(p.spec().targetRef(), p.spec().targetRefs(), p.spec().targetSelectors());
  }

  @Override
  String mergeType(EnvoyExtensionPolicy p) {
    return p.spec().mergeType();
  }

  @Override
  PolicyStatus existingStatus(EnvoyExtensionPolicy p) {
    return p.status();
  }

  @Override
  EnvoyExtensionPolicy withStatus(EnvoyExtensionPolicy p, PolicyStatus status) {
    return new EnvoyExtensionPolicy(p.apiVersion(), p.kind(), p.metadata(), p.spec(), status);
  }

  @Override
  Map<String, String> deprecatedFields(EnvoyExtensionPolicy policy) {
    Map<String, String> deprecated = new TreeMap<>();
    if (policy.spec().targetRef() != null) {
      deprecated.put("spec.targetRef", "spec.targetRefs");
    }
    return deprecated;
  }

  @Override
  List<Warning> warnings(EnvoyExtensionPolicy policy) {
    Set<String> stale = staleModules.get(policy);
    return stale == null ? List.of() : List.of(new Warning(WasmStatus.REASON_STALE_MODULE,
        WasmStatus.stale(List.copyOf(stale)).message()));
  }

  @Override
  String routeOverrideNoun() {
    return "envoyExtensionPolicies";
  }

  @Override
  String scopeNoun() {
    return "envoyExtensionPolicies";
  }

  @Override
  boolean gatewayDeprecationsFirst() {
    return true;
  }

  @Override
  boolean listenerSetDeprecationsFirst() {
    return true;
  }

  /** Which policy (route or parent) each merged extension list came from. */
  private record Owners(EnvoyExtensionPolicy wasm, EnvoyExtensionPolicy extProc, EnvoyExtensionPolicy lua,
      EnvoyExtensionPolicy dynamicModule) {
    static final Owners NONE = new Owners(null, null, null, null);
  }

  private static EnvoyExtensionPolicy or(EnvoyExtensionPolicy owner, EnvoyExtensionPolicy fallback) {
    return owner != null ? owner : fallback;
  }

  /** The built extensions and whether each kind failed (and may fail open). */
  private static final class Built {
    List<ExtProc> extProcs = List.of();
    List<Wasm> wasms = List.of();
    List<Lua> luas = List.of();
    List<DynamicModule> dynamicModules = List.of();
    boolean wasmError;
    boolean wasmFailOpen;
    boolean luaError;
    boolean extProcError;
    boolean extProcFailOpen;
    boolean dynamicModuleError;
    final List<String> errors = new ArrayList<>();

    boolean failRoute() {
      boolean fail = luaError || dynamicModuleError;
      if (wasmError) {
        fail |= !wasmFailOpen;
      }
      if (extProcError) {
        fail |= !extProcFailOpen;
      }
      return fail;
    }

    EnvoyExtensions features() {
      return new EnvoyExtensions(extProcs, wasms, luas, dynamicModules);
    }

    String error() {
      return errors.isEmpty() ? null : String.join("\n", errors);
    }
  }

  /**
   * Builds the policy's Wasm extensions for one gateway: each module is fetched (or found in the
   * cache), verified and published at a path for that gateway's proxies only.
   *
   * @param gateway the IR key of the gateway whose proxies download the modules
   */
  private void buildWasms(Built b, EnvoyExtensionPolicy policy, Owners owners, String gateway) {
    var wasms = policy.spec().wasm();
    if (wasms == null || wasms.isEmpty()) {
      return;
    }
    ModuleResolver cache = ctx.settings.wasmCache();
    if (cache == null) {
      b.errors.add("Wasm: wasm cache is not initialized");
      b.wasmError = true;
      return;
    }
    EnvoyExtensionPolicy owner = or(owners.wasm(), policy);
    List<Wasm> out = new ArrayList<>();
    List<String> errs = new ArrayList<>();
    boolean failClose = false;
    for (int i = 0; i < wasms.size(); i++) {
      var w = wasms.get(i);
      try {
        out.add(wasm(owner, w, i, cache, gateway));
      } catch (PolicyException e) {
        errs.add(e.getMessage());
        if (!Boolean.TRUE.equals(w.failOpen())) {
          failClose = true;
        }
      }
    }
    b.wasms = out;
    if (!errs.isEmpty()) {
      b.errors.add("Wasm: " + String.join("\n", errs));
      b.wasmError = true;
      b.wasmFailOpen = !failClose;
    }
  }

  private Wasm wasm(EnvoyExtensionPolicy owner, dev.attache.control.resource.envoygateway.Wasm w, int index,
      ModuleResolver cache, String gateway) throws PolicyException {
    String name = configName(owner) + "/wasm/" + index;
    var code = w.code();
    String type = code == null || code.type() == null ? "" : code.type();
    ModuleSource source;
    String checksum;
    byte[] caCertificate = null;
    switch (type) {
      case "HTTP" -> {
        if (code.http() == null) {
          throw new PolicyException("missing HTTP field in Wasm code source");
        }
        if (code.http().tls() != null && code.http().tls().caCertificateRef() != null) {
          caCertificate = RefData.at(ctx, KIND, owner.namespace(), code.http().tls().caCertificateRef(), "ca.crt");
        }
        try {
          source = new ModuleSource.Http(new URI(code.http().url()));
        } catch (URISyntaxException e) {
          throw new PolicyException("invalid Wasm HTTP URL " + code.http().url() + ": " + e.getReason());
        }
        checksum = code.http().sha256();
      }
      case "Image" -> {
        if (code.image() == null) {
          throw new PolicyException("missing Image field in Wasm code source");
        }
        if (code.image().tls() != null && code.image().tls().caCertificateRef() != null) {
          caCertificate = RefData.at(ctx, KIND, owner.namespace(), code.image().tls().caCertificateRef(), "ca.crt");
        }
        DockerConfig pullSecret = null;
        if (code.image().pullSecretRef() != null) {
          pullSecret = pullSecret(owner, code.image().pullSecretRef());
        }
        try {
          source = ModuleSource.Image.of(code.image().url(), pullSecret);
        } catch (IllegalArgumentException e) {
          throw new PolicyException("invalid Wasm image URL " + code.image().url() + ": " + e.getMessage());
        }
        checksum = code.image().sha256();
      }
      default -> throw new PolicyException("unsupported Wasm code source type \"" + type + "\"");
    }
    ModuleRequest request;
    try {
      request = new ModuleRequest(source, checksum == null || checksum.isEmpty() ? null : Sha256.parse(checksum),
          PullPolicy.fromApi(code.pullPolicy()), caCertificate, name, owner.metadata().resourceVersion());
    } catch (IllegalArgumentException e) {
      throw new PolicyException(e.getMessage());
    }
    dev.attache.wasm.HttpWasmCode served = switch (cache.resolve(gateway, request)) {
      case CodeResolution.Served s -> s.code();
      case CodeResolution.Stale s -> {
        staleModules.computeIfAbsent(owner, k -> new java.util.LinkedHashSet<>()).add(s.problem());
        yield s.code();
      }
      case CodeResolution.Failed f -> throw new PolicyException(f.message());
    };
    List<String> hostKeys = w.env() != null && w.env().hostKeys() != null && !w.env().hostKeys().isEmpty()
        ? w.env().hostKeys() : null;
    return new Wasm(name, w.rootID(), w.name() != null ? w.name() : name, w.config(), Boolean.TRUE.equals(w.failOpen()),
        new HttpWasmCode(served.servingUrl().toString(), served.sha256().hex(), served.originalUrl()), hostKeys);
  }

  /** The {@code .dockerconfigjson} of an image's pull secret. */
  private DockerConfig pullSecret(EnvoyExtensionPolicy owner,
      dev.attache.control.resource.gatewayapi.SecretObjectReference ref) throws PolicyException {
    Secret secret;
    try {
      secret = SecretRefs.resolve(ctx, true, "gateway.envoyproxy.io", KIND, owner.namespace(), ref);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(e.getMessage());
    }
    if (secret.data() == null || !secret.data().containsKey(DockerConfig.SECRET_KEY)) {
      throw new PolicyException("missing .dockerconfigjson key in secret " + secret.namespace() + "/"
          + secret.name());
    }
    return DockerConfig.parseLeniently(ServingCertificates.data(secret, DockerConfig.SECRET_KEY),
        "secret " + secret.namespace() + "/" + secret.name());
  }

  private void buildLuas(Built b, EnvoyExtensionPolicy policy, Owners owners, EnvoyProxy envoyProxy) {
    var luas = policy.spec().lua();
    if (luas == null || luas.isEmpty()) {
      return;
    }
    if (ctx.settings.luaDisabled()) {
      b.errors.add("Lua: Skipping Lua EnvoyExtensionPolicy as feature is disabled in the Gateway");
      b.luaError = true;
      return;
    }
    EnvoyExtensionPolicy owner = or(owners.lua(), policy);
    List<Lua> out = new ArrayList<>();
    for (int i = 0; i < luas.size(); i++) {
      var l = luas.get(i);
      String code;
      if ("ValueRef".equals(l.type())) {
        String name = l.valueRef() == null ? "" : l.valueRef().name();
        var cm = ctx.index.configMap(owner.namespace(), name);
        if (cm == null) {
          b.errors.add("Lua: can't find the referenced configmap " + name + " in namespace " + owner.namespace());
          b.luaError = true;
          b.luas = List.of();
          return;
        }
        if (cm.data() != null && cm.data().containsKey("lua")) {
          code = cm.data().get("lua");
        } else if (cm.data() != null && !cm.data().isEmpty()) {
          code = cm.data().values().iterator().next();
        } else {
          b.errors.add("Lua: can't find the key lua in the referenced configmap " + name);
          b.luaError = true;
          b.luas = List.of();
          return;
        }
      } else {
        code = l.inline();
      }
      String name = configName(owner) + "/lua/" + i;
      var invalid = ctx.settings.luaValidator().validate(code == null ? "" : code, envoyProxy);
      if (invalid.isPresent()) {
        b.errors.add("Lua: validation failed for lua body in policy with name " + name + ": " + invalid.get());
        b.luaError = true;
        b.luas = List.of();
        return;
      }
      out.add(new Lua(name, code, l.filterContext()));
    }
    b.luas = out;
  }

  private void buildExtProcs(Built b, EnvoyExtensionPolicy policy, Owners owners, GatewayContext gateway) {
    var extProcs = policy.spec().extProc();
    if (extProcs == null) {
      return;
    }
    EnvoyExtensionPolicy owner = or(owners.extProc(), policy);
    List<ExtProc> out = new ArrayList<>();
    List<String> errs = new ArrayList<>();
    boolean failClose = false;
    for (int i = 0; i < extProcs.size(); i++) {
      var e = extProcs.get(i);
      try {
        out.add(extProc(owner, e, i, gateway));
      } catch (PolicyException ex) {
        errs.add(ex.getMessage());
        if (!Boolean.TRUE.equals(e.failOpen())) {
          failClose = true;
        }
      }
    }
    b.extProcs = out;
    if (!errs.isEmpty()) {
      b.errors.add("ExtProc: " + String.join("\n", errs));
      b.extProcError = true;
      b.extProcFailOpen = !failClose;
    }
  }

  private ExtProc extProc(EnvoyExtensionPolicy owner, dev.attache.control.resource.envoygateway.ExtProc e, int index,
      GatewayContext gateway) throws PolicyException {
    List<BackendRef> refs = e.backendRefs() == null ? List.of() : e.backendRefs();
    RouteDestination rd = ext.translate(owner, KIND, refs, "GRPC", gateway, "extproc", index);
    BackendRef first = refs.getFirst();
    String ns = first.namespace() == null ? owner.namespace() : first.namespace();
    String authority = first.port() != null ? first.name() + "." + ns + ":" + first.port() : first.name() + "." + ns;
    TrafficFeatures traffic = ClusterSettingsTranslation.translate(e.backendSettings());
    GoDuration messageTimeout = null;
    if (e.messageTimeout() != null) {
      messageTimeout = ClusterSettingsTranslation.goDuration(e.messageTimeout());
      if (messageTimeout == null) {
        throw new PolicyException("invalid ExtProc MessageTimeout value " + e.messageTimeout());
      }
    }
    boolean requestHeaders = false;
    boolean responseHeaders = false;
    String requestBody = null;
    String responseBody = null;
    List<String> requestAttributes = null;
    List<String> responseAttributes = null;
    boolean allowModeOverride = false;
    var mode = e.processingMode();
    if (mode != null) {
      if (mode.request() != null) {
        requestHeaders = true;
        requestBody = mode.request().body();
        requestAttributes = mode.request().attributes();
      }
      if (mode.response() != null) {
        responseHeaders = true;
        responseBody = mode.response().body();
        responseAttributes = mode.response().attributes();
      }
      allowModeOverride = Boolean.TRUE.equals(mode.allowModeOverride());
    }
    List<String> forwarding = e.metadata() == null ? null : e.metadata().accessibleNamespaces();
    List<String> receiving = e.metadata() == null ? null : e.metadata().writableNamespaces();
    return new ExtProc(configName(owner) + "/extproc/" + index, rd, traffic, authority, messageTimeout,
        e.shadowMode(), e.failOpen(), requestHeaders, requestBody, responseHeaders, responseBody, requestAttributes,
        responseAttributes, forwarding, receiving, allowModeOverride, e.statusOnError());
  }

  private void buildDynamicModules(Built b, EnvoyExtensionPolicy policy, Owners owners, EnvoyProxy envoyProxy) {
    var modules = policy.spec().dynamicModule();
    if (modules == null || modules.isEmpty()) {
      return;
    }
    Map<String, dev.attache.control.resource.envoygateway.DynamicModuleEntry> registry = new TreeMap<>();
    if (envoyProxy != null && envoyProxy.spec() != null && envoyProxy.spec().dynamicModules() != null) {
      for (var entry : envoyProxy.spec().dynamicModules()) {
        registry.put(entry.name(), entry);
      }
    }
    EnvoyExtensionPolicy owner = or(owners.dynamicModule(), policy);
    List<DynamicModule> out = new ArrayList<>();
    List<String> errs = new ArrayList<>();
    for (int i = 0; i < modules.size(); i++) {
      var dm = modules.get(i);
      var entry = registry.get(dm.name());
      if (entry == null) {
        errs.add("dynamic module \"" + dm.name() + "\" is not registered in the EnvoyProxy dynamicModules allowlist");
        continue;
      }
      String path = null;
      RemoteDynamicModuleSource remoteSource = null;
      String sourceType = entry.source() == null || entry.source().type() == null ? "Local" : entry.source().type();
      if (sourceType.equals("Remote")) {
        var remote = entry.source().remote();
        if (remote == null) {
          errs.add("dynamic module \"" + dm.name() + "\" has no remote source configured");
          continue;
        }
        if (remote.url() == null || remote.url().isEmpty()) {
          errs.add("dynamic module \"" + dm.name() + "\" has no remote source URL configured");
          continue;
        }
        if (remote.sha256() == null || remote.sha256().isEmpty()) {
          errs.add("dynamic module \"" + dm.name() + "\" has no remote source SHA256 configured");
          continue;
        }
        String urlError = remoteUrlError(remote.url());
        if (urlError != null) {
          errs.add("dynamic module \"" + dm.name() + "\" has invalid remote source URL \"" + remote.url() + "\": "
              + urlError);
          continue;
        }
        remoteSource = new RemoteDynamicModuleSource(remote.url(), remote.sha256());
      } else if (sourceType.equals("Local")) {
        if (entry.source() == null || entry.source().local() == null) {
          errs.add("dynamic module \"" + dm.name() + "\" has no local source configured");
          continue;
        }
        path = entry.source().local().path();
      } else {
        errs.add("dynamic module \"" + dm.name() + "\" has unsupported source type \"" + sourceType + "\"");
        continue;
      }
      out.add(new DynamicModule(configName(owner) + "/dynamic-module/" + i, path, remoteSource,
          dm.filterName() == null || dm.filterName().isEmpty() ? null : dm.filterName(), dm.config(),
          Boolean.TRUE.equals(entry.doNotClose()), Boolean.TRUE.equals(entry.loadGlobally()),
          Boolean.TRUE.equals(dm.terminalFilter())));
    }
    b.dynamicModules = out;
    if (!errs.isEmpty()) {
      b.errors.add("DynamicModule: " + String.join("\n", errs));
      b.dynamicModuleError = true;
    }
  }

  private static String remoteUrlError(String raw) {
    URI u;
    try {
      u = new URI(raw);
    } catch (URISyntaxException e) {
      return "parse \"" + raw + "\": invalid URI for request";
    }
    if (!u.isAbsolute() && !raw.startsWith("/")) {
      return "parse \"" + raw + "\": invalid URI for request";
    }
    String scheme = u.getScheme() == null ? "" : u.getScheme();
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return "unsupported URL scheme \"" + scheme + "\"";
    }
    if (u.getHost() == null || u.getHost().isEmpty()) {
      return "URL must include a hostname";
    }
    return null;
  }

  private static String configName(EnvoyExtensionPolicy p) {
    return "envoyextensionpolicy/" + p.namespace() + "/" + p.name();
  }

  @Override
  String translateForRoute(EnvoyExtensionPolicy policy, RouteContext route, TargetRef target,
      ListenerContext listener) {
    return translateRoute(policy, Owners.NONE, route, target, listener);
  }

  @Override
  String translateForRouteWithMerge(EnvoyExtensionPolicy policy, EnvoyExtensionPolicy parent, TargetRef target,
      ListenerContext listener, RouteContext route) {
    EnvoyExtensionPolicy merged;
    try {
      merged = PolicyMerge.merge(parent, policy, EnvoyExtensionPolicy.class, policy.spec().mergeType(), Map.of());
    } catch (PolicyMerge.MergeException e) {
      return "error merging policies: " + e.getMessage();
    }
    var s = policy.spec();
    Owners owners = new Owners(s.wasm() != null && !s.wasm().isEmpty() ? policy : parent,
        s.extProc() != null && !s.extProc().isEmpty() ? policy : parent,
        s.lua() != null && !s.lua().isEmpty() ? policy : parent,
        s.dynamicModule() != null && !s.dynamicModule().isEmpty() ? policy : parent);
    return translateRoute(merged, owners, route, target, listener);
  }

  private String translateRoute(EnvoyExtensionPolicy policy, Owners owners, RouteContext route, TargetRef target,
      ListenerContext targetListener) {
    List<String> errs = new ArrayList<>();
    boolean wasmErrorsReported = false;
    String prefix = Names.routePrefix(route);
    String targetListenerName = targetListener == null ? null : Names.listener(targetListener);
    for (ParentReference p : route.parentRefs()) {
      RouteParentContext parent = route.parentContext(p);
      if (parent == null || parent.gateway() == null) {
        continue;
      }
      GatewayContext gateway = parent.gateway();
      if (targetListener != null && gateway != targetListener.gateway()) {
        continue;
      }
      Built b = new Built();
      // Each gateway gets the modules at paths of its own; the outcome is the same for all, so
      // the errors are reported once.
      buildWasms(b, policy, owners, ctx.irKey(gateway));
      if (wasmErrorsReported) {
        b.errors.clear();
      }
      wasmErrorsReported = true;
      buildLuas(b, policy, owners, gateway.envoyProxy());
      buildExtProcs(b, policy, owners, gateway);
      buildDynamicModules(b, policy, owners, gateway.envoyProxy());
      errs.addAll(b.errors);
      XdsDraft xds = gateways.ir().xds(gateway);
      for (ListenerContext l : parent.listeners()) {
        if (targetListenerName != null && !targetListenerName.equals(Names.listener(l))) {
          continue;
        }
        HttpListenerDraft hl = xds.httpListener(Names.listener(l));
        if (hl == null) {
          continue;
        }
        hl.routes.replaceAll(r -> {
          String section = r.metadata() == null || r.metadata().sectionName() == null ? "" : r.metadata().sectionName();
          if (target.sectionName() != null && !target.sectionName().equals(section)) {
            return r;
          }
          if (!r.name().startsWith(prefix) || r.envoyExtensions() != null) {
            return r;
          }
          return withExtensions(r, b);
        });
      }
    }
    return errs.isEmpty() ? null : String.join("\n", errs);
  }

  @Override
  String translateForListeners(EnvoyExtensionPolicy policy, GatewayContext gateway, List<ListenerContext> listeners,
      boolean gatewayWide) {
    Built b = new Built();
    buildExtProcs(b, policy, Owners.NONE, gateway);
    buildWasms(b, policy, Owners.NONE, ctx.irKey(gateway));
    buildLuas(b, policy, Owners.NONE, gateway.envoyProxy());
    buildDynamicModules(b, policy, Owners.NONE, gateway.envoyProxy());
    XdsDraft xds = gateways.ir().xds(gateway);
    Set<String> names = new HashSet<>();
    for (ListenerContext l : listeners) {
      names.add(Names.listener(l));
    }
    for (HttpListenerDraft h : xds.http) {
      if (!names.contains(h.name)) {
        continue;
      }
      h.routes.replaceAll(r -> r.envoyExtensions() != null ? r : withExtensions(r, b));
    }
    return b.error();
  }

  /** The route running the policy's extensions, or answering 500 when one failed closed. */
  private static HttpRoute withExtensions(HttpRoute r, Built b) {
    return b.failRoute() ? r.withDirectResponse(new CustomResponse(null, null, 500, null))
        : r.withEnvoyExtensions(b.features());
  }
}
