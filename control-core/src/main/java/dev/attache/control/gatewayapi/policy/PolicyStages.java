package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.backend.BackendTls;
import dev.attache.control.gatewayapi.backend.Destinations;
import dev.attache.control.gatewayapi.context.Gateways;
import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.route.RouteOverlaps;
import java.util.List;

/**
 * The policy kinds, in the one order they apply to a translation's routes (Envoy Gateway's). A
 * new kind is a new {@link PolicyStage}, added here.
 */
public final class PolicyStages {
  private PolicyStages() {}

  /** This translation's policy stages, in order; each runs once. */
  public static List<PolicyStage> ordered(TranslationContext ctx, Gateways gateways, Destinations destinations,
      BackendTls backendTls) {
    return List.of(
        new ClientTrafficPolicies(ctx, gateways),
        new BackendTrafficPolicies(ctx, gateways),
        // Overlapping routes are judged once BackendTrafficPolicies have set their upgrades: a
        // CONNECT route matches apart from a plain one on the same path.
        routes -> {
          RouteOverlaps.check(routes.httpAndGrpc(), gateways.ir().allXds());
          return PolicyStatuses.NONE;
        },
        new SecurityPolicies(ctx, gateways, destinations, backendTls),
        new EnvoyExtensionPolicies(ctx, gateways, destinations, backendTls),
        new ExtensionServerPolicies(ctx, gateways),
        new EnvoyPatchPolicies(ctx, gateways));
  }
}
