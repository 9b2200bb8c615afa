package dev.attache.control.gatewayapi.policy;

import dev.attache.control.resource.ResourceSet;
import dev.attache.control.resource.UnstructuredObject;
import dev.attache.control.resource.meta.KubernetesObject;
import java.util.List;

/**
 * What a policy stage returns: its policies, each with the status the translation gave it.
 * Policies of the kinds an extension server introduces are kept apart, as the output keeps them.
 */
public record PolicyStatuses(List<KubernetesObject> policies, List<UnstructuredObject> extensionServerPolicies) {
  /** A stage that has no policies of its own to report. */
  static final PolicyStatuses NONE = new PolicyStatuses(List.of(), List.of());

  public PolicyStatuses {
    policies = List.copyOf(policies);
    extensionServerPolicies = List.copyOf(extensionServerPolicies);
  }

  static PolicyStatuses of(List<? extends KubernetesObject> policies) {
    return new PolicyStatuses(List.copyOf(policies), List.of());
  }

  static PolicyStatuses ofExtensionServer(List<UnstructuredObject> policies) {
    return new PolicyStatuses(List.of(), policies);
  }

  /** Adds the policies to the translation's output. */
  public void addTo(ResourceSet.Builder out) {
    out.addAll(policies);
    extensionServerPolicies.forEach(out::addExtensionServerPolicy);
  }
}
