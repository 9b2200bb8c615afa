package dev.attache.control.extension;

import static java.util.Objects.requireNonNull;

import dev.attache.extension.client.ExtensionClient;
import java.util.Set;

/**
 * One extension manager of the EnvoyGateway config, ready to call.
 *
 * @param postHooks the hooks it subscribed to
 * @param include which resource types the translation hook sees and may replace
 * @param failureMode what an error of this extension does
 * @param kinds which extension resources and policies it is sent
 */
public record ConfiguredExtension(String name, ExtensionClient client, Set<XdsHook> postHooks,
    TranslationInclude include, FailureMode failureMode, Kinds kinds) {
  public ConfiguredExtension {
    requireNonNull(name, "name");
    requireNonNull(client, "client");
    postHooks = Set.copyOf(postHooks);
    requireNonNull(include, "include");
    requireNonNull(failureMode, "failureMode");
    requireNonNull(kinds, "kinds");
  }

  /** An extension sent every extension resource and policy of the translation. */
  public ConfiguredExtension(String name, ExtensionClient client, Set<XdsHook> postHooks,
      TranslationInclude include, FailureMode failureMode) {
    this(name, client, postHooks, include, failureMode, Kinds.ALL);
  }

  boolean subscribes(XdsHook hook) {
    return postHooks.contains(hook);
  }

  /**
   * What a hook error does. {@code FAIL_CLOSED} is Envoy Gateway v1.3's default: the affected
   * resource answers 500 until a translation succeeds again. {@code FAIL_OPEN}
   * ({@code failOpen: true}) keeps the unmodified resource. {@code KEEP_LAST_GOOD} (Attaché's
   * addition, Envoy Gateway's behaviour since v1.4) keeps serving the last good snapshot.
   */
  public enum FailureMode {
    FAIL_CLOSED,
    FAIL_OPEN,
    KEEP_LAST_GOOD
  }

  /**
   * The {@code group/Kind}s of extension resources (its {@code resources} and
   * {@code backendResources}) and of policies ({@code policyResources}) an extension is sent.
   * As Envoy Gateway does with {@code extensionManagers}, each extension of a chain sees only its
   * own kinds; an empty set means no filtering (a lone {@code extensionManager} sees everything).
   */
  public record Kinds(Set<String> resources, Set<String> policies) {
    public static final Kinds ALL = new Kinds(Set.of(), Set.of());

    public Kinds {
      resources = Set.copyOf(resources);
      policies = Set.copyOf(policies);
    }
  }

  /**
   * The translation hook's include flags ({@code hooks.xdsTranslator.translation}); Envoy
   * Gateway's defaults send clusters and secrets, not listeners and routes.
   */
  public record TranslationInclude(boolean listeners, boolean routes, boolean clusters, boolean secrets) {
    public static final TranslationInclude DEFAULT = new TranslationInclude(false, false, true, true);
  }
}
