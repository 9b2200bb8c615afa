/**
 * The Gateway API translator: {@link dev.attache.control.gatewayapi.GatewayApiTranslator} turns
 * one consistent set of resources into statuses, infrastructure IR and xDS IR.
 *
 * <p>Packages depend downward only (the architecture tests fail on any cycle), top to bottom:
 * <ul>
 *   <li>this package: the entry point, its settings and result; it runs the stages in order;
 *   <li>{@code policy}: one stage per policy kind, applied to the translated routes and listeners;
 *   <li>{@code route}: HTTP, gRPC, TLS, TCP and UDP routes attached to listeners;
 *   <li>{@code listener}: the GatewayClass's Gateways, their ListenerSets and listeners;
 *   <li>{@code backend}: backend references resolved to destinations, upstream TLS, shared
 *       clusters, telemetry backends and Backend statuses;
 *   <li>{@code attachment}, {@code traffic}: what a policy attaches to, and the traffic settings
 *       policies and backends share;
 *   <li>{@code context}, {@code status}, {@code tls}, {@code oidc}, {@code lua}: the values,
 *       indexes, names, conditions and validators every stage reads.
 * </ul>
 */
package dev.attache.control.gatewayapi;
