package dev.attache.control.gatewayapi;

import static java.util.Objects.requireNonNull;

import dev.attache.control.ir.Infra;
import dev.attache.control.ir.Xds;
import dev.attache.control.resource.ResourceSet;
import java.util.Map;

/**
 * What the Gateway API translator produced: the objects it is responsible for, with the status
 * it computed (Gateways of its class, the routes attached to them, policies, Backends …), and
 * per Gateway (or per GatewayClass when gateways are merged) the infrastructure IR and the xDS
 * IR. Maps are ordered by key.
 */
public record TranslationResult(ResourceSet resources, Map<String, Infra> infraIR, Map<String, Xds> xdsIR) {
  public TranslationResult {
    requireNonNull(resources, "resources");
    infraIR = Map.copyOf(infraIR);
    xdsIR = Map.copyOf(xdsIR);
  }
}
