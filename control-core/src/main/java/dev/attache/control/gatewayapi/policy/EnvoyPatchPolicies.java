package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.attachment.TargetRef;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.context.XdsDraft;
import dev.attache.control.gatewayapi.route.Routes;
import dev.attache.control.gatewayapi.status.PolicyStatusBuilder;
import dev.attache.control.ir.EnvoyPatchPolicy;
import dev.attache.control.ir.IrWriter;
import dev.attache.control.ir.JsonPatchConfig;
import dev.attache.control.ir.JsonPatchOperation;
import dev.attache.control.resource.gatewayapi.ParentReference;
import java.util.ArrayList;
import java.util.List;

/**
 * EnvoyPatchPolicy: JSON patches to the xDS a Gateway (or, with merged gateways, a
 * GatewayClass) produces, carried in that gateway's IR for the xDS translator to apply, with the
 * policy's status. As Envoy Gateway's {@code ProcessEnvoyPatchPolicies}.
 */
final class EnvoyPatchPolicies implements PolicyStage {
  private final TranslationContext ctx;
  private final Gateways gateways;
  private final List<Entry> entries = new ArrayList<>();

  /** A policy, its status, and where its IR goes (null when no gateway of ours is its target). */
  private record Entry(dev.attache.control.resource.envoygateway.EnvoyPatchPolicy policy, PolicyStatusBuilder status,
      XdsDraft xds, List<JsonPatchConfig> patches) {}

  EnvoyPatchPolicies(TranslationContext ctx, Gateways gateways) {
    this.ctx = ctx;
    this.gateways = gateways;
  }

  @Override
  public PolicyStatuses apply(Routes routes) {
    run();
    finish();
    return PolicyStatuses.of(withStatus());
  }

  private void run() {
    String controller = ctx.settings.controllerName();
    for (var policy : ctx.resources.envoyPatchPolicies()) {
      long generation = policy.metadata() == null || policy.metadata().generation() == null ? 0
          : policy.metadata().generation();
      PolicyStatusBuilder status = new PolicyStatusBuilder(policy.status(), generation);
      var ref = policy.spec().targetRef();
      String group = ref == null || ref.group() == null ? "" : ref.group();
      String kind = ref == null || ref.kind() == null ? "" : ref.kind();
      String name = ref == null || ref.name() == null ? "" : ref.name();
      String targetKind;
      ParentReference ancestor;
      XdsDraft xds;
      if (ctx.mergeGateways) {
        targetKind = "GatewayClass";
        ancestor = new ParentReference(TargetRef.GATEWAY_GROUP, "GatewayClass", null, name, null, null);
        xds = gateways.ir().xds(name);
        if (xds == null) {
          status.set(ancestor, controller, "Accepted", false, "Invalid", "TargetRef.Group:" + group + " TargetRef.Kind:"
              + kind + " TargetRef.Namespace:" + policy.namespace() + " TargetRef.Name:" + name
              + " not found or not accepted (MergeGateways=true).");
          entries.add(new Entry(policy, status, null, List.of()));
          continue;
        }
      } else {
        targetKind = "Gateway";
        ancestor = TargetRef.gatewayAncestor(policy.namespace(), name, null);
        xds = gateways.ir().xds(ctx.irKey(policy.namespace(), name));
        if (xds == null) {
          entries.add(new Entry(policy, status, null, List.of()));
          continue;
        }
      }
      List<JsonPatchConfig> patches = new ArrayList<>();
      Entry entry = new Entry(policy, status, xds, patches);
      entries.add(entry);
      if (!ctx.settings.envoyPatchPolicyEnabled()) {
        status.set(ancestor, controller, "Accepted", false, "Disabled",
            "EnvoyPatchPolicy is disabled in the EnvoyGateway configuration");
        continue;
      }
      if (!group.equals(TargetRef.GATEWAY_GROUP) || !kind.equals(targetKind)) {
        status.set(ancestor, controller, "Accepted", false, "Invalid", "TargetRef.Group:" + group + " TargetRef.Kind:"
            + kind + ", only TargetRef.Group:" + TargetRef.GATEWAY_GROUP + " and TargetRef.Kind:" + targetKind
            + " is supported.");
        continue;
      }
      for (var p : policy.spec().jsonPatches() == null
          ? List.<dev.attache.control.resource.envoygateway.EnvoyJSONPatchConfig>of() : policy.spec().jsonPatches()) {
        var op = p.operation();
        patches.add(new JsonPatchConfig(p.type(), p.name(), op == null ? null
            : new JsonPatchOperation(op.op(), op.path(), op.jsonPath(), op.from(), op.value())));
      }
      status.accept(ancestor, controller);
    }
  }

  /** Puts each policy into its gateway's IR with its final status. */
  private void finish() {
    for (Entry e : entries) {
      if (e.xds() == null) {
        continue;
      }
      var p = e.policy();
      var built = e.status().build();
      long generation = p.metadata() == null || p.metadata().generation() == null ? 0 : p.metadata().generation();
      e.xds().envoyPatchPolicies.add(new EnvoyPatchPolicy(built == null ? null : IrWriter.toTree(built), p.name(),
          p.namespace(), generation == 0 ? null : generation, e.patches()));
    }
  }

  /** Every policy, with its status. */
  private List<dev.attache.control.resource.envoygateway.EnvoyPatchPolicy> withStatus() {
    List<dev.attache.control.resource.envoygateway.EnvoyPatchPolicy> out = new ArrayList<>();
    for (Entry e : entries) {
      var p = e.policy();
      out.add(new dev.attache.control.resource.envoygateway.EnvoyPatchPolicy(p.apiVersion(), p.kind(), p.metadata(),
          p.spec(), e.status().build()));
    }
    return out;
  }
}
