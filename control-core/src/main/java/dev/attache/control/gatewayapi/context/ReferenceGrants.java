package dev.attache.control.gatewayapi.context;

import dev.attache.control.resource.gatewayapi.ReferenceGrant;
import dev.attache.control.resource.gatewayapi.ReferenceGrantFrom;
import dev.attache.control.resource.gatewayapi.ReferenceGrantTo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a reference into another namespace is allowed: some ReferenceGrant in the
 * target namespace must name the referring kind and namespace in {@code from} and the target in
 * {@code to} (by name, or any name when the grant names none). Grants are indexed by namespace.
 */
public final class ReferenceGrants {
  private final Map<String, List<ReferenceGrant>> byNamespace = new HashMap<>();

  public ReferenceGrants(List<ReferenceGrant> grants) {
    for (ReferenceGrant g : grants) {
      byNamespace.computeIfAbsent(g.namespace(), k -> new ArrayList<>()).add(g);
    }
  }

  /** Whether {@code fromGroup/fromKind} in {@code fromNamespace} may refer to the target. */
  public boolean permitted(String fromGroup, String fromKind, String fromNamespace,
      String toGroup, String toKind, String toNamespace, String toName) {
    if (fromNamespace.equals(toNamespace)) {
      return true;
    }
    for (ReferenceGrant grant : byNamespace.getOrDefault(toNamespace, List.of())) {
      if (grant.spec() == null) {
        continue;
      }
      boolean fromAllowed = false;
      for (ReferenceGrantFrom from : nullToEmpty(grant.spec().from())) {
        if (fromNamespace.equals(str(from.namespace())) && fromGroup.equals(str(from.group()))
            && fromKind.equals(str(from.kind()))) {
          fromAllowed = true;
          break;
        }
      }
      if (!fromAllowed) {
        continue;
      }
      for (ReferenceGrantTo to : nullToEmpty(grant.spec().to())) {
        if (toGroup.equals(str(to.group())) && toKind.equals(str(to.kind()))
            && (to.name() == null || to.name().isEmpty() || to.name().equals(toName))) {
          return true;
        }
      }
    }
    return false;
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  private static String str(String s) {
    return s == null ? "" : s;
  }
}
