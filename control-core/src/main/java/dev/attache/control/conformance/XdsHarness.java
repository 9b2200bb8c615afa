package dev.attache.control.conformance;

import dev.attache.control.xds.translate.RuntimeFlag;
import dev.attache.control.xds.translate.TranslatorSettings;
import java.util.Map;
import java.util.Set;

/**
 * How Envoy Gateway's {@code TestTranslateXds} runs each IR case: the translator settings
 * (controller namespace {@code envoy-gateway-system}, the rate-limit service URL) and the few
 * cases it runs with other settings or expects to fail. These are harness facts, not outputs.
 */
final class XdsHarness {
  private static final String CONTROLLER_NAMESPACE = "envoy-gateway-system";

  /** Inputs that upstream expects to be rejected; they have no output files. */
  private static final Set<String> ERROR_CASES = Set.of(
      "accesslog-invalid", "accesslog-without-format", "http-route-invalid", "jsonpatch-invalid",
      "jsonpatch-invalid-listener", "tcp-route-invalid", "tcp-route-invalid-endpoint",
      "tracing-invalid", "tracing-unknown-provider-type", "udp-route-invalid");

  private static final Map<String, String> DNS_DOMAINS =
      Map.of("ratelimit-custom-domain", "example-cluster.local");

  private static final Map<String, Set<RuntimeFlag>> RUNTIME_FLAGS = Map.of(
      "xds-name-scheme-v2", Set.of(RuntimeFlag.XDS_NAME_SCHEME_V2),
      "http-route-with-tls-system-truststore-per-resource-secret",
      Set.of(RuntimeFlag.PER_RESOURCE_SYSTEM_CA_SECRET),
      "http-route-multiple-system-truststore-per-resource-secret",
      Set.of(RuntimeFlag.PER_RESOURCE_SYSTEM_CA_SECRET));

  private XdsHarness() {}

  static boolean expectsError(String caseName) {
    return ERROR_CASES.contains(caseName);
  }

  /** Partially invalid inputs translate what they can and report errors for the rest. */
  static boolean toleratesErrors(String caseName) {
    return caseName.endsWith("partial-invalid");
  }

  static TranslatorSettings settings(String caseName) {
    String dnsDomain = DNS_DOMAINS.getOrDefault(caseName, "cluster.local");
    return new TranslatorSettings(CONTROLLER_NAMESPACE,
        rateLimitServiceUrl(CONTROLLER_NAMESPACE, dnsDomain),
        RUNTIME_FLAGS.getOrDefault(caseName, Set.of()));
  }

  /** The envoy-ratelimit Service address, as Envoy Gateway's ratelimit infrastructure names it. */
  static String rateLimitServiceUrl(String namespace, String dnsDomain) {
    return "grpc://envoy-ratelimit." + namespace + ".svc." + dnsDomain + ":8081";
  }
}
