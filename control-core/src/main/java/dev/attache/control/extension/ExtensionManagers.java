package dev.attache.control.extension;

import dev.attache.control.extension.ConfiguredExtension.FailureMode;
import dev.attache.control.extension.ConfiguredExtension.TranslationInclude;
import dev.attache.control.resource.envoygateway.EnvoyGateway;
import dev.attache.control.resource.envoygateway.ExtensionManager;
import dev.attache.control.resource.envoygateway.ExtensionService;
import dev.attache.control.resource.envoygateway.ExtensionServiceRetry;
import dev.attache.control.resource.envoygateway.GroupVersionKind;
import dev.attache.control.resource.envoygateway.TranslationConfig;
import dev.attache.control.resource.gatewayapi.SecretObjectReference;
import dev.attache.control.resource.meta.Quantity;
import dev.attache.extension.client.ExtensionClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the EnvoyGateway config's {@code extensionManager} or {@code extensionManagers} into
 * extensions ready to call, validated as Envoy Gateway validates them. Errors are
 * {@link IllegalArgumentException}s whose message starts with the field path.
 */
final class ExtensionManagers {
  private static final Pattern DURATION_PART = Pattern.compile("([0-9]{1,5})(h|ms|m|s)");

  /** Finds a Secret's data (decoded) by namespace and name. */
  @FunctionalInterface
  interface SecretLookup {
    Optional<Map<String, byte[]>> find(String namespace, String name);
  }

  private ExtensionManagers() {}

  /**
   * Builds the chain in config order.
   *
   * @param namespace where Secrets without a namespace are looked up (the controller's)
   * @param deadline each hook call's deadline
   */
  static List<ConfiguredExtension> build(EnvoyGateway config, String namespace, SecretLookup secrets,
      Duration deadline) {
    return build(config, path -> ExtensionConfigFile.Additions.NONE, namespace, secrets, deadline);
  }

  /**
   * Builds the chain of a configuration file, with Attaché's additions (failure mode, deadline,
   * TLS files); {@code namespace} is where Secrets without a namespace are looked up.
   */
  static List<ConfiguredExtension> build(ExtensionConfigFile file, String namespace, SecretLookup secrets) {
    return build(file.envoyGateway(), file::additionsOf, namespace, secrets, DEFAULT_DEADLINE);
  }

  /** Each hook call's deadline when the configuration gives none, as {@link ExtensionClient}'s default. */
  static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  private static List<ConfiguredExtension> build(EnvoyGateway config,
      java.util.function.Function<String, ExtensionConfigFile.Additions> additions, String namespace,
      SecretLookup secrets, Duration deadline) {
    List<ConfiguredExtension> out = new ArrayList<>();
    try {
      addAll(out, config, additions, namespace, secrets, deadline);
    } catch (RuntimeException e) {
      // The clients built before the failing entry hold open channels: close them.
      out.forEach(x -> x.client().close());
      throw e;
    }
    return out;
  }

  private static void addAll(List<ConfiguredExtension> out, EnvoyGateway config,
      java.util.function.Function<String, ExtensionConfigFile.Additions> additions, String namespace,
      SecretLookup secrets, Duration deadline) {
    if (config.extensionManager() != null && config.extensionManagers() != null) {
      throw new IllegalArgumentException("extensionManager, extensionManagers: mutually exclusive (expected: one of them)");
    }
    if (config.extensionManager() != null) {
      out.add(build("extensionManager", config.extensionManager(), "extension", namespace, secrets, deadline, false,
          additions.apply("extensionManager")));
    } else if (config.extensionManagers() != null) {
      if (config.extensionManagers().isEmpty()) {
        throw new IllegalArgumentException("extensionManagers: empty (expected: at least one entry when specified)");
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < config.extensionManagers().size(); i++) {
        ExtensionManager m = config.extensionManagers().get(i);
        String path = "extensionManagers[" + i + "]";
        if (m.name() == null || m.name().isEmpty()) {
          throw new IllegalArgumentException(path + ".name: empty (expected: a name, required with extensionManagers)");
        }
        if (!names.add(m.name())) {
          throw new IllegalArgumentException(path + ".name: duplicate name \"" + m.name() + "\"");
        }
        out.add(build(path, m, m.name(), namespace, secrets, deadline, true, additions.apply(path)));
      }
    }
  }

  private static ConfiguredExtension build(String path, ExtensionManager m, String name, String namespace,
      SecretLookup secrets, Duration deadline, boolean chained, ExtensionConfigFile.Additions extra) {
    if (m.hooks() == null || m.hooks().xdsTranslator() == null
        || (empty(m.hooks().xdsTranslator().pre()) && empty(m.hooks().xdsTranslator().post()))) {
      throw new IllegalArgumentException(path + ".hooks: registered extension has no hooks specified");
    }
    Set<XdsHook> post = EnumSet.noneOf(XdsHook.class);
    List<String> postNames = m.hooks().xdsTranslator().post() == null ? List.of() : m.hooks().xdsTranslator().post();
    for (int i = 0; i < postNames.size(); i++) {
      try {
        post.add(XdsHook.parse(postNames.get(i)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ".hooks.xdsTranslator.post[" + i + "]: " + e.getMessage(), e);
      }
    }
    ExtensionClient.Builder client = ExtensionClient.builder(name)
        .deadline(extra.timeout() == null ? deadline : extra.timeout());
    service(path + ".service", m.service(), client, namespace, secrets);
    tlsFiles(path + ".service.tls", extra, client);
    if (m.maxMessageSize() != null) {
      client.maxMessageSize(quantity(path + ".maxMessageSize", m.maxMessageSize()));
    }
    FailureMode mode = extra.failureMode() != null ? extra.failureMode()
        : Boolean.TRUE.equals(m.failOpen()) ? FailureMode.FAIL_OPEN : FailureMode.FAIL_CLOSED;
    return new ConfiguredExtension(name, client.build(), post, include(m.hooks().xdsTranslator().translation()), mode,
        chained ? kinds(m) : ConfiguredExtension.Kinds.ALL);
  }

  /** The group/Kinds an extension of a chain is sent, as Envoy Gateway's composite manager filters them. */
  private static ConfiguredExtension.Kinds kinds(ExtensionManager m) {
    Set<String> resources = new HashSet<>();
    Set<String> policies = new HashSet<>();
    for (List<GroupVersionKind> list : java.util.Arrays.asList(m.resources(), m.backendResources())) {
      if (list != null) {
        list.forEach(k -> resources.add(nz(k.group()) + "/" + nz(k.kind())));
      }
    }
    if (m.policyResources() != null) {
      m.policyResources().forEach(k -> policies.add(nz(k.group()) + "/" + nz(k.kind())));
    }
    return new ConfiguredExtension.Kinds(resources, policies);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static void service(String path, ExtensionService s, ExtensionClient.Builder client, String namespace,
      SecretLookup secrets) {
    if (s == null) {
      throw new IllegalArgumentException(path + ": missing (expected: fqdn, ip, unix or host)");
    }
    if (s.fqdn() != null) {
      client.address(required(path + ".fqdn.hostname", s.fqdn().hostname()), port(path + ".fqdn.port", s.fqdn().port()));
    } else if (s.ip() != null) {
      client.address(required(path + ".ip.address", s.ip().address()), port(path + ".ip.port", s.ip().port()));
    } else if (s.unix() != null) {
      client.unixSocket(Path.of(required(path + ".unix.path", s.unix().path())));
    } else if (s.host() != null && !s.host().isEmpty()) {
      // Deprecated upstream, still honoured; the port defaults to 80 as there.
      client.address(s.host(), s.port() == null ? 80 : port(path + ".port", s.port()));
    } else {
      throw new IllegalArgumentException(path + ": no endpoint (expected: fqdn, ip, unix or host)");
    }
    if (s.tls() != null) {
      Map<String, byte[]> ca = secret(path + ".tls.certificateRef", s.tls().certificateRef(), namespace, secrets);
      client.tls(key(path + ".tls.certificateRef", ca, "tls.crt"));
      if (s.tls().clientCertificateRef() != null) {
        Map<String, byte[]> cert = secret(path + ".tls.clientCertificateRef", s.tls().clientCertificateRef(), namespace, secrets);
        client.clientCertificate(key(path + ".tls.clientCertificateRef", cert, "tls.crt"),
            key(path + ".tls.clientCertificateRef", cert, "tls.key"));
      }
    }
    if (s.retry() != null) {
      client.retry(retry(path + ".retry", s.retry()));
    }
  }

  /** Attaché's TLS files: the CA and the client certificate as PEM files instead of Secrets. */
  private static void tlsFiles(String path, ExtensionConfigFile.Additions extra, ExtensionClient.Builder client) {
    if (extra.caFile() != null) {
      client.tls(readFile(path + ".caFile", extra.caFile()));
    }
    if (extra.certificateFile() != null) {
      client.clientCertificate(readFile(path + ".certificateFile", extra.certificateFile()),
          readFile(path + ".keyFile", extra.keyFile()));
    }
  }

  private static byte[] readFile(String path, Path file) {
    try {
      return java.nio.file.Files.readAllBytes(file);
    } catch (java.io.IOException e) {
      // Names the file, never its content.
      throw new IllegalArgumentException(path + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static ExtensionClient.RetryPolicy retry(String path, ExtensionServiceRetry r) {
    ExtensionClient.RetryPolicy d = ExtensionClient.RetryPolicy.DEFAULT;
    double multiplier = d.backoffMultiplier();
    if (r.backoffMultiplier() != null) {
      int num = r.backoffMultiplier().numerator() == null ? 0 : r.backoffMultiplier().numerator();
      int den = r.backoffMultiplier().denominator() == null ? 100 : r.backoffMultiplier().denominator();
      if (den <= 0) {
        throw new IllegalArgumentException(path + ".backoffMultiplier.denominator: " + den + " (expected: > 0)");
      }
      multiplier = (double) num / den;
    }
    return new ExtensionClient.RetryPolicy(
        r.maxAttempts() == null ? d.maxAttempts() : r.maxAttempts(),
        r.initialBackoff() == null ? d.initialBackoff() : duration(path + ".initialBackoff", r.initialBackoff()),
        r.maxBackoff() == null ? d.maxBackoff() : duration(path + ".maxBackoff", r.maxBackoff()),
        multiplier,
        r.retryableStatusCodes() == null ? d.retryableStatusCodes() : r.retryableStatusCodes());
  }

  private static TranslationInclude include(TranslationConfig t) {
    TranslationInclude d = TranslationInclude.DEFAULT;
    if (t == null) {
      return d;
    }
    return new TranslationInclude(
        t.listener() == null || t.listener().includeAll() == null ? d.listeners() : t.listener().includeAll(),
        t.route() == null || t.route().includeAll() == null ? d.routes() : t.route().includeAll(),
        t.cluster() == null || t.cluster().includeAll() == null ? d.clusters() : t.cluster().includeAll(),
        t.secret() == null || t.secret().includeAll() == null ? d.secrets() : t.secret().includeAll());
  }

  private static Map<String, byte[]> secret(String path, SecretObjectReference ref, String namespace, SecretLookup secrets) {
    if (ref == null || ref.name() == null) {
      throw new IllegalArgumentException(path + ": missing (expected: a Secret reference)");
    }
    String ns = ref.namespace() == null || ref.namespace().isEmpty() ? namespace : ref.namespace();
    return secrets.find(ns, ref.name()).orElseThrow(() ->
        new IllegalArgumentException(path + ": Secret " + ns + "/" + ref.name() + " not found"));
  }

  private static byte[] key(String path, Map<String, byte[]> data, String key) {
    byte[] value = data.get(key);
    if (value == null || value.length == 0) {
      // Names the key, never the value.
      throw new IllegalArgumentException(path + ": the Secret has no " + key);
    }
    return value;
  }

  /** A message size limit given as a Kubernetes quantity ({@code 4M}, {@code 8Mi}, {@code 1000}), in bytes. */
  static int quantity(String path, Quantity q) {
    Long n = q.asLong();
    if (n == null || n < 1 || n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(path + ": " + q + " (expected: a whole number of bytes from 1 to "
          + Integer.MAX_VALUE + ", such as 4M or 8Mi)");
    }
    return n.intValue();
  }

  /** A Gateway API duration such as {@code 100ms}, {@code 1s} or {@code 1m30s}. */
  static Duration duration(String path, String d) {
    Matcher m = DURATION_PART.matcher(d);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMillis(n);
      });
      end = m.end();
    }
    if (end == 0 || end != d.length()) {
      throw new IllegalArgumentException(path + ": " + d + " (expected: a duration such as 100ms, 1s or 1m30s)");
    }
    return total;
  }

  private static boolean empty(List<?> l) {
    return l == null || l.isEmpty();
  }

  private static String required(String path, String v) {
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException(path + ": empty (expected: a value)");
    }
    return v;
  }

  private static int port(String path, Integer p) {
    if (p == null || p <= 0 || p > 65535) {
      throw new IllegalArgumentException(path + ": " + p + " (expected: 1-65535)");
    }
    return p;
  }
}
