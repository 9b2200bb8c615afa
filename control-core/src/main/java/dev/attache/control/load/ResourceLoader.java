package dev.attache.control.load;

import static java.util.Objects.requireNonNull;

import dev.attache.control.resource.meta.KubernetesObject;
import dev.attache.control.resource.ReadResult;
import dev.attache.control.resource.ResourceReader;
import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.UnstructuredObject;
import dev.attache.control.resource.core.Namespace;
import dev.attache.control.resource.envoygateway.EnvoyPatchPolicy;
import dev.attache.control.resource.meta.ObjectMeta;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The one way resources enter a translation, whichever entry point reads them ({@code serve}'s
 * file provider, {@code translate}, the conformance harness, the benchmarks).
 *
 * <p>Two steps, because a provider reads file by file (keeping each file's last good content)
 * but translates the union: {@link #read} parses one file, checks it against the schema (a field
 * the kind does not have is an error, as the API server's strict field validation makes it),
 * fills the CRD defaults the API server would fill and puts namespaced objects written without a namespace into
 * {@code envoy-gateway-system}; {@link #snapshot} turns the objects of every file into what the
 * translator sees: the Namespaces objects live in exist (as they always do on Kubernetes), the
 * extension servers' policy kinds are told apart from their filter kinds, and every list is in
 * Envoy Gateway's order (creation time, then namespace and name; EnvoyPatchPolicies by priority
 * first), so the output never depends on file order.
 */
public final class ResourceLoader {
  /** Where namespaced objects written without a namespace go (Envoy Gateway's default namespace). */
  public static final String DEFAULT_NAMESPACE = "envoy-gateway-system";

  private final ResourceReader reader;
  private final Set<String> policyKinds;

  private ResourceLoader(ResourceReader reader, Set<String> policyKinds) {
    this.reader = reader;
    this.policyKinds = Set.copyOf(policyKinds);
  }

  /**
   * The loader for what users write: strict schema, CRD defaults, default namespace
   * {@value #DEFAULT_NAMESPACE}.
   */
  public static ResourceLoader forUsers() {
    return forUsers(Set.of(), Set.of());
  }

  /**
   * The loader for what users write, keeping objects of the configured extension servers' kinds
   * ({@code group/Kind}): {@code filterKinds} (ExtensionRef filters and backends) and
   * {@code policyKinds} (policies an extension server judges).
   */
  public static ResourceLoader forUsers(Set<String> filterKinds, Set<String> policyKinds) {
    Set<String> all = new HashSet<>(filterKinds);
    all.addAll(policyKinds);
    return new ResourceLoader(ResourceReader.withDefaultNamespace(DEFAULT_NAMESPACE).withCrdDefaults().withExtensionKinds(all), policyKinds);
  }

  /**
   * The loader for objects as an API server stores them, written in Envoy Gateway's test layout
   * (a map of lists): no defaults are filled (upstream's translator tests hand their objects to
   * the translator as they are), namespaces stay as written, unknown fields are dropped with a
   * warning as Go's decoder drops them.
   */
  public static ResourceLoader asStored() {
    return new ResourceLoader(ResourceReader.create().lenient(), Set.of());
  }

  /** One file of multi-document Kubernetes YAML. */
  public ReadResult read(Path file, String text) {
    return reader.readDocuments(requireNonNull(file, "file"), requireNonNull(text, "text"));
  }

  /** One file in Envoy Gateway's test layout: one mapping of resource lists. */
  public ReadResult readLayout(Path file, String text) {
    return reader.readResourceLayout(requireNonNull(file, "file"), requireNonNull(text, "text"));
  }

  /** One file read and made a snapshot of: {@link #read} then {@link #snapshot}. */
  public ReadResult load(Path file, String text) {
    ReadResult r = read(file, text);
    return new ReadResult(snapshot(r.resources()), r.problems(), r.warnings(), r.ignored());
  }

  /** What the translator sees of these objects; see the class comment. */
  public ResourceSet snapshot(ResourceSet objects) {
    requireNonNull(objects, "objects");
    Map<Class<?>, List<KubernetesObject>> byKind = new LinkedHashMap<>();
    objects.objects()
        .filter(o -> o != objects.envoyProxyForGatewayClass() && !(o instanceof UnstructuredObject))
        .forEach(o -> byKind.computeIfAbsent(o.getClass(), k -> new ArrayList<>()).add(o));
    List<KubernetesObject> namespaces = byKind.computeIfAbsent(Namespace.class, k -> new ArrayList<>());
    namespaces.addAll(implicitNamespaces(objects));

    ResourceSet.Builder out = ResourceSet.builder();
    for (List<KubernetesObject> list : byKind.values()) {
      if (!UNORDERED.contains(list.getFirst().kind())) {
        list.sort(ORDER);
      }
      out.addAll(list);
    }
    List<UnstructuredObject> filters = new ArrayList<>();
    List<UnstructuredObject> policies = new ArrayList<>(objects.extensionServerPolicies());
    for (UnstructuredObject u : objects.extensionRefFilters()) {
      (policyKinds.contains(u.group() + "/" + u.kind()) ? policies : filters).add(u);
    }
    filters.sort(ORDER);
    policies.sort(ORDER);
    filters.forEach(out::addExtensionRefFilter);
    policies.forEach(out::addExtensionServerPolicy);
    return out.envoyProxyForGatewayClass(objects.envoyProxyForGatewayClass())
        .envoyProxyDefaultSpec(objects.envoyProxyDefaultSpec())
        .build();
  }

  /** Namespaces that objects live in but that no Namespace object declares. */
  private static List<Namespace> implicitNamespaces(ResourceSet objects) {
    Set<String> declared = new HashSet<>();
    objects.namespaces().forEach(n -> declared.add(n.name()));
    Set<String> used = new TreeSet<>();
    objects.objects().forEach(o -> {
      if (!o.namespace().isEmpty() && !declared.contains(o.namespace())) {
        used.add(o.namespace());
      }
    });
    return used.stream().map(ResourceLoader::namespace).toList();
  }

  private static Namespace namespace(String name) {
    return new Namespace("v1", "Namespace",
        new ObjectMeta(name, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
        null, null);
  }

  /** Kinds Envoy Gateway's {@code Resources.Sort} leaves in the order read. */
  private static final Set<String> UNORDERED = Set.of("ListenerSet", "EnvoyProxy");

  /**
   * Envoy Gateway's order of every list ({@code Resources.Sort}): EnvoyPatchPolicies by
   * priority first; then creation time (none is the earliest), namespace and name.
   */
  private static final Comparator<KubernetesObject> ORDER = Comparator
      .comparingLong(ResourceLoader::priority)
      .thenComparing(ResourceLoader::created)
      .thenComparing(KubernetesObject::namespace)
      .thenComparing(KubernetesObject::name);

  private static long priority(KubernetesObject o) {
    return o instanceof EnvoyPatchPolicy p && p.spec() != null && p.spec().priority() != null
        ? p.spec().priority() : 0;
  }

  private static Instant created(KubernetesObject o) {
    String t = o.metadata() == null ? null : o.metadata().creationTimestamp();
    if (t == null || t.isEmpty()) {
      return Instant.EPOCH;
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException e) {
      return Instant.EPOCH;
    }
  }
}
