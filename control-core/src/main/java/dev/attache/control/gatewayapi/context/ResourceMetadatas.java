package dev.attache.control.gatewayapi.context;

import dev.attache.control.ir.MapEntry;
import dev.attache.control.ir.ResourceMetadata;
import dev.attache.control.resource.meta.KubernetesObject;
import dev.attache.control.resource.meta.ObjectMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The {@code metadata} IR elements carry about the object they came from. */
public final class ResourceMetadatas {
  static final String EG_PREFIX = "gateway.envoyproxy.io/";

  private ResourceMetadatas() {}

  /** Kind, name, namespace and Envoy Gateway annotations of {@code object}, with an optional section. */
  public static ResourceMetadata of(KubernetesObject object, String kind, String sectionName) {
    return new ResourceMetadata(kind, object.name(), object.namespace(), egAnnotations(object.metadata()),
        sectionName, null);
  }

  /** The annotations under {@code gateway.envoyproxy.io/}, prefix removed, sorted by key. */
  public static List<MapEntry> egAnnotations(ObjectMeta meta) {
    if (meta == null || meta.annotations() == null || meta.annotations().isEmpty()) {
      return null;
    }
    TreeMap<String, String> out = new TreeMap<>();
    for (Map.Entry<String, String> e : meta.annotations().entrySet()) {
      if (e.getKey().startsWith(EG_PREFIX)) {
        out.put(e.getKey().substring(EG_PREFIX.length()), e.getValue());
      }
    }
    return entries(out);
  }

  /** A map as a key-sorted list of entries (Envoy Gateway's {@code MapToSlice}); null when empty. */
  public static List<MapEntry> entries(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return null;
    }
    List<MapEntry> out = new ArrayList<>();
    new TreeMap<>(map).forEach((k, v) -> out.add(new MapEntry(k, v)));
    return out;
  }
}
