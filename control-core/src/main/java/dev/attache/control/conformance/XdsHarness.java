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

  private static final String VALIDATION = "validation failed for xds resource";

  /**
   * Inputs that upstream expects to be rejected (they have no output files), with the text its
   * error must contain.
   */
  private static final Map<String, String> ERROR_CASES = Map.ofEntries(
      Map.entry("accesslog-invalid", VALIDATION),
      Map.entry("accesslog-without-format", "text.Format is nil"),
      Map.entry("http-route-invalid", VALIDATION),
      Map.entry("jsonpatch-invalid", VALIDATION),
      Map.entry("jsonpatch-invalid-listener", VALIDATION),
      Map.entry("tcp-route-invalid", VALIDATION),
      Map.entry("tcp-route-invalid-endpoint", VALIDATION),
      Map.entry("tracing-invalid", VALIDATION),
      Map.entry("tracing-unknown-provider-type", "unknown tracing provider type: AwesomeTelemetry"),
      Map.entry("udp-route-invalid", VALIDATION));

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
    return ERROR_CASES.containsKey(caseName);
  }

  /** The text the error of an error case must contain. */
  static String expectedError(String caseName) {
    return ERROR_CASES.get(caseName);
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
