package dev.attache.control.gatewayapi.context;

import dev.attache.control.gatewayapi.lua.LuaValidator;
import dev.attache.control.gatewayapi.oidc.IssuerDiscovery;
import dev.attache.wasm.ModuleResolver;
import java.util.List;

/**
 * The translator's settings as the stages read them. The public record
 * {@code gatewayapi.TranslatorSettings} implements it, so the stages below the translator's entry
 * point need not depend on the package that assembles them.
 */
public interface StageSettings {
  String controllerName();

  String gatewayClassName();

  boolean globalRateLimitEnabled();

  boolean endpointRoutingDisabled();

  String controllerNamespace();

  boolean envoyPatchPolicyEnabled();

  boolean backendEnabled();

  boolean gatewayNamespaceMode();

  boolean runningOnHost();

  boolean luaDisabled();

  boolean sdsSecretRefEnabled();

  boolean perResourceSystemCaSecret();

  List<String> extensionGroupKinds();

  /** Where Wasm modules are fetched and published; null when there is none. */
  ModuleResolver wasmCache();

  IssuerDiscovery oidcDiscovery();

  /** Checks EnvoyExtensionPolicy Lua and remembers the outcomes, for these settings' translations. */
  LuaValidator luaValidator();

  /** Whether {@code group/kind} is a resource an extension server introduced. */
  default boolean isExtensionKind(String group, String kind) {
    return extensionGroupKinds().contains(group + "/" + kind);
  }
}
