package dev.attache.control.gatewayapi.attachment;

import dev.attache.control.gatewayapi.context.LabelSelectors;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.resource.core.Namespace;
import dev.attache.control.resource.envoygateway.TargetSelector;
import dev.attache.control.resource.gatewayapi.LocalPolicyTargetReferenceWithSectionName;
import dev.attache.control.resource.meta.KubernetesObject;
import dev.attache.control.resource.meta.LabelSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Resolves what a policy targets: its explicit target references (the deprecated single
 * {@code targetRef} winning over {@code targetRefs}, as upstream), plus the objects its target
 * selectors pick (by labels and namespace, ReferenceGrant permitting), oldest first. As Envoy
 * Gateway's {@code resolvePolicyTargets}.
 */
public final class PolicyTargets {
  private PolicyTargets() {}

  public static List<TargetRef> fromReferences(LocalPolicyTargetReferenceWithSectionName single,
      List<LocalPolicyTargetReferenceWithSectionName> refs, String policyNamespace) {
    List<LocalPolicyTargetReferenceWithSectionName> list = single != null ? List.of(single)
        : refs == null ? List.of() : refs;
    List<TargetRef> out = new ArrayList<>();
    for (LocalPolicyTargetReferenceWithSectionName r : list) {
      if (r.group() == null && r.kind() == null && r.name() == null && r.sectionName() == null) {
        continue;
      }
      out.add(new TargetRef(nz(r.group()), nz(r.kind()), nz(r.name()), policyNamespace, r.sectionName()));
    }
    return out;
  }

  /** A candidate target object with its API group and kind (records do not say it themselves). */
  public record Candidate(KubernetesObject object, String group, String kind) {
  }

  /** Selector targets then explicit targets, duplicates dropped (Envoy Gateway's composePolicyTargetRefs). */
  public static List<TargetRef> resolve(TranslationContext ctx, LocalPolicyTargetReferenceWithSectionName single,
      List<LocalPolicyTargetReferenceWithSectionName> refs, List<TargetSelector> selectors, List<Candidate> candidates,
      String policyGroup, String policyKind, String policyNamespace) {
    record Selected(TargetRef ref, String creationTimestamp) {}
    List<Selected> selected = new ArrayList<>();
    Set<String> dedup = new LinkedHashSet<>();
    for (TargetSelector selector : selectors == null ? List.<TargetSelector>of() : selectors) {
      Predicate<Map<String, String>> labels;
      try {
        labels = LabelSelectors.compile(new LabelSelector(selector.matchLabels(), selector.matchExpressions()));
      } catch (LabelSelectors.InvalidSelectorException e) {
        labels = l -> false;
      }
      String group = selector.group() == null ? TargetRef.GATEWAY_GROUP : selector.group();
      for (Candidate c : candidates) {
        if (!c.kind().equals(selector.kind()) || !c.group().equals(group)) {
          continue;
        }
        KubernetesObject o = c.object();
        if (!namespaceMatches(ctx, selector, policyNamespace, o.namespace())) {
          continue;
        }
        Map<String, String> objectLabels = o.metadata() == null || o.metadata().labels() == null
            ? Map.of() : o.metadata().labels();
        if (!labels.test(objectLabels)) {
          continue;
        }
        if (!ctx.referenceGrants.permitted(policyGroup, policyKind, policyNamespace, c.group(), c.kind(), o.namespace(),
            o.name())) {
          continue;
        }
        String ts = o.metadata() == null ? null : o.metadata().creationTimestamp();
        TargetRef ref = new TargetRef(c.group(), c.kind(), o.name(), o.namespace(), null);
        if (dedup.add(ref + "@" + ts)) {
          selected.add(new Selected(ref, ts));
        }
      }
    }
    selected.sort(Comparator.comparing(s -> s.creationTimestamp() == null ? "" : s.creationTimestamp()));
    List<TargetRef> out = new ArrayList<>();
    for (Selected s : selected) {
      out.add(s.ref());
    }
    Set<TargetRef> seen = new LinkedHashSet<>(out);
    for (TargetRef r : fromReferences(single, refs, policyNamespace)) {
      if (!seen.contains(r)) {
        out.add(r);
      }
    }
    return out;
  }

  private static boolean namespaceMatches(TranslationContext ctx, TargetSelector selector, String policyNamespace,
      String targetNamespace) {
    var ns = selector.namespaces();
    if (ns == null) {
      return Objects.equals(targetNamespace, policyNamespace);
    }
    String from = ns.from() == null ? "" : ns.from();
    switch (from) {
      case "", "Same" -> {
        return Objects.equals(targetNamespace, policyNamespace);
      }
      case "All" -> {
        return true;
      }
      case "Selector" -> {
        Namespace n = ctx.index.namespace(targetNamespace);
        // A namespace that is missing or carries no labels matches no selector, as upstream.
        if (n == null || ns.selector() == null || n.metadata() == null || n.metadata().labels() == null) {
          return false;
        }
        Map<String, String> labels = n.metadata().labels();
        try {
          return LabelSelectors.compile(ns.selector()).test(labels);
        } catch (LabelSelectors.InvalidSelectorException e) {
          return false;
        }
      }
      default -> {
        return false;
      }
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
