package dev.attache.control.gatewayapi.context;

import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.certificates.ClusterTrustBundle;
import dev.attache.control.resource.core.ConfigMap;
import dev.attache.control.resource.core.Namespace;
import dev.attache.control.resource.core.Secret;
import dev.attache.control.resource.core.Service;
import dev.attache.control.resource.discovery.EndpointSlice;
import dev.attache.control.resource.envoygateway.Backend;
import dev.attache.control.resource.meta.KubernetesObject;
import dev.attache.control.resource.multicluster.ServiceImport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The objects a translation looks up by name, indexed once per translation so that no lookup
 * scans a list (Envoy Gateway's {@code TranslatorContext}). EndpointSlices are grouped by the
 * Service or ServiceImport their {@code kubernetes.io/service-name} or
 * {@code multicluster.kubernetes.io/service-name} label names.
 */
public final class ResourceIndex {
  static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
  static final String MCS_SERVICE_NAME_LABEL = "multicluster.kubernetes.io/service-name";

  private final Map<String, Namespace> namespaces;
  private final Map<String, Service> services;
  private final Map<String, ServiceImport> serviceImports;
  private final Map<String, Backend> backends;
  private final Map<String, Secret> secrets;
  private final Map<String, ConfigMap> configMaps;
  private final Map<String, ClusterTrustBundle> clusterTrustBundles;
  private final Map<String, List<EndpointSlice>> endpointSlices = new HashMap<>();

  public ResourceIndex(ResourceSet resources) {
    namespaces = byName(resources.namespaces());
    services = byName(resources.services());
    serviceImports = byName(resources.serviceImports());
    backends = byName(resources.backends());
    secrets = byName(resources.secrets());
    configMaps = byName(resources.configMaps());
    clusterTrustBundles = byName(resources.clusterTrustBundles());
    for (EndpointSlice slice : resources.endpointSlices()) {
      Map<String, String> labels = slice.metadata() == null ? null : slice.metadata().labels();
      if (labels == null) {
        continue;
      }
      String kind;
      String service;
      if (labels.containsKey(SERVICE_NAME_LABEL)) {
        kind = "Service";
        service = labels.get(SERVICE_NAME_LABEL);
      } else if (labels.containsKey(MCS_SERVICE_NAME_LABEL)) {
        kind = "ServiceImport";
        service = labels.get(MCS_SERVICE_NAME_LABEL);
      } else {
        continue;
      }
      endpointSlices.computeIfAbsent(kind + "/" + key(slice.namespace(), service), k -> new ArrayList<>())
          .add(slice);
    }
  }

  private static <T extends KubernetesObject> Map<String, T> byName(List<T> objects) {
    Map<String, T> out = new HashMap<>(objects.size() * 2);
    for (T o : objects) {
      out.put(key(o.namespace(), o.name()), o);
    }
    return out;
  }

  private static String key(String namespace, String name) {
    return namespace + "/" + name;
  }

  public Namespace namespace(String name) {
    return namespaces.get(key("", name));
  }

  public Service service(String namespace, String name) {
    return services.get(key(namespace, name));
  }

  public ServiceImport serviceImport(String namespace, String name) {
    return serviceImports.get(key(namespace, name));
  }

  public Backend backend(String namespace, String name) {
    return backends.get(key(namespace, name));
  }

  public Secret secret(String namespace, String name) {
    return secrets.get(key(namespace, name));
  }

  public ConfigMap configMap(String namespace, String name) {
    return configMaps.get(key(namespace, name));
  }

  public ClusterTrustBundle clusterTrustBundle(String name) {
    return clusterTrustBundles.get(key("", name));
  }

  /** The EndpointSlices of a Service or ServiceImport ({@code kind}); empty when none. */
  public List<EndpointSlice> endpointSlices(String kind, String namespace, String name) {
    return endpointSlices.getOrDefault(kind + "/" + key(namespace, name), List.of());
  }
}
