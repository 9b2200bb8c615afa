package dev.attache.control.xds.translate;

import java.util.List;

/**
 * The HTTP features, in the one order they are applied. A new feature is a new class
 * implementing {@link HttpFeature}, added here.
 */
final class HttpFeatures {
  static final List<HttpFeature> ORDERED = List.of(
      new ResponseOverrides(),
      new ListenerHealthCheck(),
      new CrossOrigin(),
      new FaultInjection(),
      new AuthzService(),
      new ExtAuthorization(),
      new OidcLogin(),
      new ExtProcessing(),
      new LuaScripts(),
      new WasmExtensions(),
      new DynamicModules(),
      new Compressors(),
      new LateHeaderMutation(),
      new SessionPersistence(),
      new RequestBuffers(),
      new DynamicForwardProxy(),
      new LocalRateLimit(),
      new GlobalRateLimit(),
      new CredentialInjections(),
      new BandwidthLimits());

  private HttpFeatures() {}
}
