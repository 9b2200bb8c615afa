package dev.attache.control.gatewayapi.policy;

import dev.attache.control.gatewayapi.route.Routes;

/**
 * One kind of policy as a stage of the translation: it applies its policies to the translated
 * routes and their listeners' IR, and returns the policies with the statuses it gave them. The
 * kinds, and the order they apply in, are listed in {@link PolicyStages}.
 */
@FunctionalInterface
public interface PolicyStage {
  PolicyStatuses apply(Routes routes);
}
