package dev.attache.control.pipeline;

import static java.util.Objects.requireNonNull;

import dev.attache.control.extension.ExtensionSetup;
import dev.attache.control.gatewayapi.TranslatorSettings;
import java.util.Set;

/**
 * How a {@link Translation} runs: the Gateway API translator's settings, the xDS translator's,
 * which GatewayClasses are translated, and the extension servers whose hooks the xDS translation
 * calls. Entry points differ only here and in where their resources come from.
 *
 * @param gatewayApi the Gateway API translator's settings; its controller name picks the classes
 *     (see {@code everyOwnedClass}), its class name is replaced by each class translated
 * @param xds the xDS translator's settings
 * @param everyOwnedClass {@code true} to translate every GatewayClass whose
 *     {@code spec.controllerName} is {@code gatewayApi.controllerName()} (a control plane);
 *     {@code false} to translate the one class {@code gatewayApi.gatewayClassName()} names, even
 *     when the resources do not hold its object (egctl, Envoy Gateway's translator tests)
 * @param judgeClasses whether the translation does the provider's part of each GatewayClass's
 *     status ({@code Accepted}, or {@code InvalidParameters} when its {@code parametersRef} names no
 *     EnvoyProxy), as Envoy Gateway's Kubernetes provider and egctl's {@code gateway-api} output do;
 *     its translator tests (and egctl's {@code ir} output) leave that to the provider
 * @param extensions the configured extension servers, or {@code null} for none
 */
public record TranslationSettings(TranslatorSettings gatewayApi,
    dev.attache.control.xds.translate.TranslatorSettings xds, boolean everyOwnedClass, boolean judgeClasses,
    ExtensionSetup extensions) {

  public TranslationSettings {
    requireNonNull(gatewayApi, "gatewayApi");
    requireNonNull(xds, "xds");
  }

  /**
   * A control plane's settings: every class of {@code gatewayApi}'s controller, the rate-limit
   * service at its Kubernetes address in the controller namespace.
   */
  public static TranslationSettings controlPlane(TranslatorSettings gatewayApi, ExtensionSetup extensions) {
    return new TranslationSettings(gatewayApi, xdsSettings(gatewayApi.controllerNamespace(), "cluster.local"), true,
        true, extensions);
  }

  /**
   * A control plane's settings with the xDS translator's rate-limit cluster pointing at
   * {@code rateLimitServiceUrl} ({@code grpc://host:port}) instead of the Kubernetes address.
   */
  public static TranslationSettings controlPlane(TranslatorSettings gatewayApi, ExtensionSetup extensions,
      String rateLimitServiceUrl) {
    requireNonNull(rateLimitServiceUrl, "rateLimitServiceUrl");
    return new TranslationSettings(gatewayApi, new dev.attache.control.xds.translate.TranslatorSettings(
        gatewayApi.controllerNamespace(), rateLimitServiceUrl, Set.of()), true, true, extensions);
  }

  /**
   * These settings with the xDS translator's ext_authz cluster for authz-service pointing at
   * {@code authzServiceUrl} ({@code grpc://host:port}) instead of
   * {@code attache-authz.<namespace>.svc.cluster.local:9191}.
   */
  public TranslationSettings withAuthzServiceUrl(String authzServiceUrl) {
    requireNonNull(authzServiceUrl, "authzServiceUrl");
    return new TranslationSettings(gatewayApi, new dev.attache.control.xds.translate.TranslatorSettings(
        xds.controllerNamespace(), xds.rateLimitServiceUrl(), authzServiceUrl, xds.runtimeFlags()), everyOwnedClass,
        judgeClasses, extensions);
  }

  /** The xDS translator's settings for a control plane in {@code namespace} of a cluster under {@code dnsDomain}. */
  public static dev.attache.control.xds.translate.TranslatorSettings xdsSettings(String namespace, String dnsDomain) {
    return new dev.attache.control.xds.translate.TranslatorSettings(namespace,
        "grpc://envoy-ratelimit." + namespace + ".svc." + dnsDomain + ":8081", Set.of());
  }
}
