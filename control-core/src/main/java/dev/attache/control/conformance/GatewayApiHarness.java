package dev.attache.control.conformance;

import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.oidc.IssuerDiscovery;
import dev.attache.control.gatewayapi.oidc.RecordedResponses;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.core.Namespace;
import dev.attache.control.resource.core.Service;
import dev.attache.control.resource.core.ServicePort;
import dev.attache.control.resource.core.ServiceSpec;
import dev.attache.control.resource.discovery.Endpoint;
import dev.attache.control.resource.discovery.EndpointConditions;
import dev.attache.control.resource.discovery.EndpointPort;
import dev.attache.control.resource.discovery.EndpointSlice;
import dev.attache.control.resource.gatewayapi.Gateway;
import dev.attache.control.resource.meta.IntOrString;
import dev.attache.control.resource.meta.ObjectMeta;
import dev.attache.wasm.conformance.ReferenceHarnessModules;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Envoy Gateway's {@code TestTranslate} runs each Gateway API case: the objects it injects
 * (backend Services with their EndpointSlices, an otel collector, one Envoy Service per Gateway,
 * two Namespaces) and the translator settings, including the few cases it runs with other
 * settings. These are harness facts from upstream's test, not outputs.
 */
final class GatewayApiHarness {
  static final String GATEWAY_CLASS = "envoy-gateway-class";
  static final String CONTROLLER_NAMESPACE = "envoy-gateway-system";

  private record Flags(boolean envoyPatchPolicy, boolean backend, boolean gatewayNamespaceMode, boolean runningOnHost,
      boolean luaDisabled, boolean sds, boolean perResourceSystemCaSecret) {
  }

  private static final Flags DEFAULTS = new Flags(true, true, false, false, false, false, false);
  private static final Map<String, Flags> CASES = Map.ofEntries(
      Map.entry("envoypatchpolicy-invalid-feature-disabled", new Flags(false, false, false, false, false, false, false)),
      Map.entry("backend-invalid-feature-disabled", new Flags(false, false, false, false, false, false, false)),
      Map.entry("gateway-namespace-mode-infra-httproute", new Flags(false, false, true, false, false, false, false)),
      Map.entry("backend-with-localhost-host-infra", new Flags(false, true, false, true, false, false, false)),
      Map.entry("httproute-attaching-to-listener-with-backend-backendref-host-infra",
          new Flags(false, true, false, true, false, false, false)),
      Map.entry("envoyextensionpolicy-lua-feature-disabled", new Flags(false, false, false, false, true, false, false)),
      Map.entry("sds", new Flags(false, true, false, false, false, true, false)),
      Map.entry("sds-invalid", new Flags(false, true, false, false, false, true, false)),
      Map.entry("envoyextensionpolicy-with-extproc-with-backendtlspolicy-shared-secret",
          new Flags(false, false, false, false, false, false, false)),
      Map.entry("envoyproxy-otel-backend-tls-per-resource-secret", new Flags(false, true, false, false, false, false, true)),
      Map.entry("envoyextensionpolicy-with-extproc-with-backendtlspolicy-per-resource-secret",
          new Flags(false, false, false, false, false, false, true)),
      Map.entry("backend-system-truststore-shared-secret", new Flags(false, true, false, false, false, false, false)),
      Map.entry("backend-system-truststore-per-resource-secret", new Flags(false, true, false, false, false, false, true)),
      Map.entry("backend-system-truststore-btlsp-override-shared-secret",
          new Flags(false, true, false, false, false, false, false)),
      Map.entry("backend-system-truststore-btlsp-override-per-resource-secret",
          new Flags(false, true, false, false, false, false, true)),
      Map.entry("sds-listener", new Flags(false, true, false, false, false, true, false)),
      Map.entry("sds-listener-invalid", new Flags(false, true, false, false, false, true, false)));

  /** Extension kinds of upstream's {@code TestTranslateWithExtensionKinds}. */
  static final List<String> EXTENSION_KINDS = List.of("foo.example.io/Foo", "bar.example.io/Bar",
      "storage.example.io/S3Backend", "compute.example.io/LambdaBackend");

  private GatewayApiHarness() {}

  static TranslatorSettings settings(String caseName) {
    Flags f = CASES.getOrDefault(caseName, DEFAULTS);
    return TranslatorSettings.builder(GATEWAY_CLASS)
        .globalRateLimitEnabled(true)
        .controllerNamespace(CONTROLLER_NAMESPACE)
        .envoyPatchPolicyEnabled(f.envoyPatchPolicy())
        .backendEnabled(f.backend())
        .gatewayNamespaceMode(f.gatewayNamespaceMode())
        .runningOnHost(f.runningOnHost())
        .luaDisabled(f.luaDisabled())
        .sdsSecretRefEnabled(f.sds())
        .perResourceSystemCaSecret(f.perResourceSystemCaSecret())
        .wasmCache(new ReferenceHarnessModules())
        .oidcDiscovery(RECORDED_ISSUERS)
        .build();
  }

  /**
   * Upstream's goldens were made against the live issuers; the corpus replays what they answered
   * (a network recording shipped with Attaché), so it runs the same without network access.
   */
  static final IssuerDiscovery RECORDED_ISSUERS = IssuerDiscovery.recorded(RecordedResponses.builtIn());

  /**
   * Extension cases run with the extension kinds and otherwise Go's zero values: no controller
   * namespace, Backend and EnvoyPatchPolicy off.
   */
  static TranslatorSettings extensionSettings() {
    return TranslatorSettings.builder(GATEWAY_CLASS)
        .globalRateLimitEnabled(true)
        .controllerNamespace("")
        .backendEnabled(false)
        .envoyPatchPolicyEnabled(false)
        .extensionGroupKinds(EXTENSION_KINDS)
        .oidcDiscovery(RECORDED_ISSUERS)
        .build();
  }

  /** What upstream's extension-kinds test injects: three Services, an unnamed mirror port, Envoy Services. */
  static ResourceSet injectForExtensions(ResourceSet input) {
    ResourceSet.Builder b = input.toBuilder();
    for (int i = 1; i <= 3; i++) {
      String svc = "service-" + i;
      b.add(service("default", svc, "1.1.1.1", null, null,
          port("http", 8080, "TCP", null), port("https", 8443, "TCP", null), port("tcp", 8163, "TCP", null),
          port("udp", 8162, "UDP", null)));
      b.add(slice("default", "endpointslice-" + i, Map.of("kubernetes.io/service-name", svc), "7.7.7.7", null,
          epPort("http", 8080, "TCP"), epPort("https", 8443, "TCP"), epPort("tcp", 8163, "TCP"), epPort("udp", 8162, "UDP")));
    }
    b.add(service("default", "mirror-service", "2.2.2.2", null, null, port(null, 8080, "TCP", null)));
    b.add(slice("default", "mirror-service-endpointslice", Map.of("kubernetes.io/service-name", "mirror-service"),
        "7.6.5.4", null, epPort("http", 8080, "TCP")));
    envoyServices(b, input, "", false);
    b.add(namespace("envoy-gateway"));
    b.add(namespace("default"));
    return b.build();
  }

  /** The input plus what upstream's test injects into every case. */
  static ResourceSet inject(ResourceSet input, String caseName, boolean gatewayNamespaceMode) {
    ResourceSet.Builder b = input.toBuilder();
    boolean zones = caseName.contains("enable-zone-discovery");
    for (int i = 1; i <= 4; i++) {
      String svc = "service-" + i;
      b.add(service("default", svc, "1.1.1.1", zones ? "PreferClose" : null, null,
          port("http", 8080, "TCP", null), port("https", 8443, "TCP", null), port("tcp", 8163, "TCP", null),
          port("udp", 8162, "UDP", null)));
      b.add(slice("default", "endpointslice-" + i, Map.of("kubernetes.io/service-name", svc), "7.7.7.7",
          zones ? "antarctica-east1" + (char) ('a' + i) : null,
          epPort("http", 8080, "TCP"), epPort("https", 8443, "TCP"), epPort("tcp", 8163, "TCP"), epPort("udp", 8162, "UDP")));
    }
    b.add(service("default", "mirror-service", "2.2.2.2", null, null, port("http", 8080, "TCP", null)));
    b.add(slice("default", "mirror-service-endpointslice", Map.of("kubernetes.io/service-name", "mirror-service"),
        "7.6.5.4", null, epPort("http", 8080, "TCP")));
    b.add(service("monitoring", "otel-collector", "3.3.3.3", null, null, port("grpc", 4317, "TCP", "grpc"),
        port("zipkin", 9411, "TCP", null)));
    b.add(slice("monitoring", "otel-collector-endpointslice", Map.of("kubernetes.io/service-name", "otel-collector"),
        "8.7.6.5", null, epPort("grpc", 4317, "TCP"), epPort("zipkin", 9411, "TCP")));

    envoyServices(b, input, CONTROLLER_NAMESPACE, gatewayNamespaceMode);
    b.add(namespace("envoy-gateway"));
    b.add(namespace("default"));
    return b.build();
  }

  /** One Envoy Service (and EndpointSlice) per Gateway, or one for the class when gateways merge. */
  private static void envoyServices(ResourceSet.Builder b, ResourceSet input, String controllerNamespace,
      boolean gatewayNamespaceMode) {
    if (TranslationContext.mergeGatewaysEnabled(input)) {
      String name = "envoy-" + hashedName(GATEWAY_CLASS, 48);
      Map<String, String> labels = Map.of("gateway.envoyproxy.io/owning-gatewayclass", GATEWAY_CLASS);
      b.add(service(controllerNamespace, name, "6.7.8.9", null, labels, port("http", 8080, "TCP", null)));
      b.add(slice(controllerNamespace, name, Map.of("kubernetes.io/service-name", name), "7.6.5.4", "zone1",
          epPort("http", 8080, "TCP")));
    } else {
      for (Gateway g : input.gateways()) {
        String ns = gatewayNamespaceMode ? g.namespace() : controllerNamespace;
        String name = gatewayNamespaceMode ? g.name() : "envoy-" + hashedName(g.namespace() + "/" + g.name(), 48);
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("gateway.envoyproxy.io/owning-gateway-name", g.name());
        labels.put("gateway.envoyproxy.io/owning-gateway-namespace", g.namespace());
        b.add(service(ns, name, "6.7.8.9", null, labels, port("http", 8080, "TCP", null)));
        Map<String, String> sliceLabels = new LinkedHashMap<>(labels);
        sliceLabels.put("kubernetes.io/service-name", name);
        b.add(slice(ns, name, sliceLabels, "7.6.5.4", "zone1", epPort("http", 8080, "TCP")));
      }
    }
  }


  /** Envoy Gateway's {@code GetHashedName}: the name with slashes as dashes, cut at {@code length}, plus a hash. */
  static String hashedName(String nsName, int length) {
    String hash;
    try {
      hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(nsName.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String name = nsName.replace('/', '-');
    if (length > 0 && name.length() > length) {
      String trimmed = name.substring(0, length);
      while (trimmed.endsWith("-")) {
        trimmed = trimmed.substring(0, trimmed.length() - 1);
      }
      return trimmed + "-" + hash.substring(0, 8);
    }
    return name + "-" + hash.substring(0, 8);
  }

  private static ObjectMeta meta(String namespace, String name, Map<String, String> labels) {
    return new ObjectMeta(name, null, namespace, null, null, null, null, null, null, null, labels, null, null, null, null);
  }

  private static ServicePort port(String name, int port, String protocol, String appProtocol) {
    return new ServicePort(name, protocol, appProtocol, port, IntOrString.of(port), null);
  }

  private static Service service(String namespace, String name, String clusterIp, String trafficDistribution,
      Map<String, String> labels, ServicePort... ports) {
    ServiceSpec spec = new ServiceSpec(List.of(ports), null, clusterIp, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, trafficDistribution);
    return new Service("v1", "Service", meta(namespace, name, labels), spec, null);
  }

  private static EndpointPort epPort(String name, int port, String protocol) {
    return new EndpointPort(name, protocol, port, null);
  }

  private static EndpointSlice slice(String namespace, String name, Map<String, String> labels, String address,
      String zone, EndpointPort... ports) {
    Endpoint endpoint = new Endpoint(List.of(address), new EndpointConditions(true, null, null), null, null, null, null,
        zone, null);
    return new EndpointSlice("discovery.k8s.io/v1", "EndpointSlice", meta(namespace, name, labels), "IPv4",
        List.of(endpoint), List.of(ports));
  }

  private static Namespace namespace(String name) {
    return new Namespace("v1", "Namespace", meta(null, name, null), null, null);
  }
}
