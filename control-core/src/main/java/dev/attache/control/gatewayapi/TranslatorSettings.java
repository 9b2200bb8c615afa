package dev.attache.control.gatewayapi;

import static java.util.Objects.requireNonNull;

import dev.attache.control.gatewayapi.lua.LuaValidator;
import dev.attache.control.gatewayapi.context.StageSettings;
import dev.attache.control.gatewayapi.oidc.IssuerDiscovery;
import dev.attache.wasm.ModuleResolver;
import java.util.List;

/**
 * How the Gateway API translator runs: which GatewayClass it serves and which optional features
 * the control plane has on. The names follow Envoy Gateway's {@code gatewayapi.Translator}.
 *
 * @param controllerName the GatewayClass controller name this control plane answers to
 * @param gatewayClassName the GatewayClass whose Gateways are translated
 * @param globalRateLimitEnabled whether a global rate-limit service is configured
 * @param endpointRoutingDisabled route to a Service's cluster IP instead of its endpoints
 * @param controllerNamespace where the control plane and its managed proxies run
 * @param envoyPatchPolicyEnabled whether EnvoyPatchPolicy is allowed
 * @param backendEnabled whether the Backend kind is allowed
 * @param gatewayNamespaceMode whether proxies run in their Gateway's namespace
 * @param runningOnHost whether proxies run on the host (ports are used as they are)
 * @param luaDisabled whether Lua in EnvoyExtensionPolicy is refused
 * @param sdsSecretRefEnabled whether Secrets of type {@code gateway.envoyproxy.io/sds} may be used
 * @param perResourceSystemCaSecret one system-CA secret per resource instead of a shared one
 * @param extensionGroupKinds {@code group/Kind} of resources an extension server introduces
 * @param wasmCache where Wasm modules of EnvoyExtensionPolicies are fetched, verified and
 *     published for each gateway's proxies (Envoy Gateway's Wasm cache); null when there is none
 *     (Wasm extensions are then refused)
 * @param oidcDiscovery how an OIDC provider's endpoints are found when a SecurityPolicy leaves them
 *     out (by default over the network, as Envoy Gateway does)
 * @param luaValidator checks EnvoyExtensionPolicy Lua scripts and remembers the outcomes; one per
 *     control plane or run (the builder makes a fresh one unless given one), so translations under
 *     other settings never reuse its results
 */
public record TranslatorSettings(
    String controllerName,
    String gatewayClassName,
    boolean globalRateLimitEnabled,
    boolean endpointRoutingDisabled,
    String controllerNamespace,
    boolean envoyPatchPolicyEnabled,
    boolean backendEnabled,
    boolean gatewayNamespaceMode,
    boolean runningOnHost,
    boolean luaDisabled,
    boolean sdsSecretRefEnabled,
    boolean perResourceSystemCaSecret,
    List<String> extensionGroupKinds,
    ModuleResolver wasmCache,
    IssuerDiscovery oidcDiscovery,
    LuaValidator luaValidator) implements StageSettings {

  /** Envoy Gateway's controller name. */
  public static final String DEFAULT_CONTROLLER_NAME = "gateway.envoyproxy.io/gatewayclass-controller";
  /** Envoy Gateway's default controller namespace. */
  public static final String DEFAULT_CONTROLLER_NAMESPACE = "envoy-gateway-system";

  public TranslatorSettings {
    requireNonNull(controllerName, "controllerName");
    requireNonNull(gatewayClassName, "gatewayClassName");
    requireNonNull(controllerNamespace, "controllerNamespace");
    extensionGroupKinds = extensionGroupKinds == null ? List.of() : List.copyOf(extensionGroupKinds);
    requireNonNull(oidcDiscovery, "oidcDiscovery");
    requireNonNull(luaValidator, "luaValidator");
  }

  /** Settings for {@code gatewayClassName} with Envoy Gateway's defaults. */
  public static Builder builder(String gatewayClassName) {
    return new Builder(gatewayClassName);
  }

  /** These settings for the GatewayClass {@code name}. */
  public TranslatorSettings withGatewayClassName(String name) {
    return new TranslatorSettings(controllerName, requireNonNull(name, "name"), globalRateLimitEnabled,
        endpointRoutingDisabled, controllerNamespace, envoyPatchPolicyEnabled, backendEnabled, gatewayNamespaceMode,
        runningOnHost, luaDisabled, sdsSecretRefEnabled, perResourceSystemCaSecret, extensionGroupKinds, wasmCache,
        oidcDiscovery, luaValidator);
  }

  /** Builds {@link TranslatorSettings}; every feature flag starts as Envoy Gateway's default. */
  public static final class Builder {
    private String controllerName = DEFAULT_CONTROLLER_NAME;
    private final String gatewayClassName;
    private boolean globalRateLimitEnabled;
    private boolean endpointRoutingDisabled;
    private String controllerNamespace = DEFAULT_CONTROLLER_NAMESPACE;
    private boolean envoyPatchPolicyEnabled = true;
    private boolean backendEnabled = true;
    private boolean gatewayNamespaceMode;
    private boolean runningOnHost;
    private boolean luaDisabled;
    private boolean sdsSecretRefEnabled;
    private boolean perResourceSystemCaSecret;
    private List<String> extensionGroupKinds = List.of();
    private ModuleResolver wasmCache;
    private IssuerDiscovery oidcDiscovery = IssuerDiscovery.http();
    private LuaValidator luaValidator;

    private Builder(String gatewayClassName) {
      this.gatewayClassName = requireNonNull(gatewayClassName, "gatewayClassName");
    }

    public Builder controllerName(String value) {
      this.controllerName = requireNonNull(value, "controllerName");
      return this;
    }

    public Builder globalRateLimitEnabled(boolean value) {
      this.globalRateLimitEnabled = value;
      return this;
    }

    public Builder endpointRoutingDisabled(boolean value) {
      this.endpointRoutingDisabled = value;
      return this;
    }

    public Builder controllerNamespace(String value) {
      this.controllerNamespace = requireNonNull(value, "controllerNamespace");
      return this;
    }

    public Builder envoyPatchPolicyEnabled(boolean value) {
      this.envoyPatchPolicyEnabled = value;
      return this;
    }

    public Builder backendEnabled(boolean value) {
      this.backendEnabled = value;
      return this;
    }

    public Builder gatewayNamespaceMode(boolean value) {
      this.gatewayNamespaceMode = value;
      return this;
    }

    public Builder runningOnHost(boolean value) {
      this.runningOnHost = value;
      return this;
    }

    public Builder luaDisabled(boolean value) {
      this.luaDisabled = value;
      return this;
    }

    public Builder sdsSecretRefEnabled(boolean value) {
      this.sdsSecretRefEnabled = value;
      return this;
    }

    public Builder perResourceSystemCaSecret(boolean value) {
      this.perResourceSystemCaSecret = value;
      return this;
    }

    public Builder extensionGroupKinds(List<String> value) {
      this.extensionGroupKinds = List.copyOf(value);
      return this;
    }

    public Builder wasmCache(ModuleResolver value) {
      this.wasmCache = value;
      return this;
    }

    public Builder oidcDiscovery(IssuerDiscovery value) {
      this.oidcDiscovery = requireNonNull(value, "oidcDiscovery");
      return this;
    }

    /** The Lua validator to share, e.g. one per control plane across its translations. */
    public Builder luaValidator(LuaValidator value) {
      this.luaValidator = requireNonNull(value, "luaValidator");
      return this;
    }

    public TranslatorSettings build() {
      return new TranslatorSettings(controllerName, gatewayClassName, globalRateLimitEnabled,
          endpointRoutingDisabled, controllerNamespace, envoyPatchPolicyEnabled, backendEnabled,
          gatewayNamespaceMode, runningOnHost, luaDisabled, sdsSecretRefEnabled, perResourceSystemCaSecret,
          extensionGroupKinds, wasmCache, oidcDiscovery,
          luaValidator != null ? luaValidator : LuaValidator.create());
    }
  }
}
