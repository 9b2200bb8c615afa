package dev.attache.control.gatewayapi.backend;

import dev.attache.control.gatewayapi.context.TranslationContext;
import dev.attache.control.gatewayapi.status.Conditions;
import dev.attache.control.gatewayapi.status.RouteError;
import dev.attache.control.resource.envoygateway.Backend;
import dev.attache.control.resource.envoygateway.BackendStatus;
import java.util.ArrayList;
import java.util.List;

/** The {@code Accepted} condition of every Backend (Envoy Gateway's {@code ProcessBackends}). */
public final class BackendStatuses {
  private BackendStatuses() {}

  /**
   * Envoy Gateway writes a rejected Backend's condition with type and reason swapped (type
   * {@code Invalid}, reason {@code Accepted}); clients read that, so it is kept.
   */
  private static final String REJECTED_TYPE = "Invalid";
  private static final String REJECTED_REASON = "Accepted";

  /** Every Backend of the input, with its status. */
  public static List<Backend> of(TranslationContext ctx, BackendRefValidation validation) {
    List<Backend> out = new ArrayList<>();
    for (Backend backend : ctx.resources.backends()) {
      Conditions conditions = new Conditions(backend.status() == null ? null : backend.status().conditions());
      long generation = backend.metadata() == null || backend.metadata().generation() == null
          ? 0 : backend.metadata().generation();
      if (!ctx.settings.backendEnabled()) {
        conditions.set(REJECTED_TYPE, false, REJECTED_REASON,
            "The Backend was not accepted since Backend is not enabled in Envoy Gateway Config", generation);
      } else {
        RouteError error = validation.validateBackend(backend);
        if (error != null) {
          conditions.set(REJECTED_TYPE, false, REJECTED_REASON, "The Backend was not accepted: " + error.message(),
              generation);
        } else {
          conditions.set("Accepted", true, "Accepted", "The Backend was accepted", generation);
        }
      }
      out.add(new Backend(backend.apiVersion(), backend.kind(), backend.metadata(), backend.spec(),
          new BackendStatus(conditions.toList())));
    }
    return out;
  }
}
