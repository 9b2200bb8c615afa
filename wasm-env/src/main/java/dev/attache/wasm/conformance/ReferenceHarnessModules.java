package dev.attache.wasm.conformance;

import static java.util.Objects.requireNonNull;

import dev.attache.wasm.CodeResolution;
import dev.attache.wasm.HttpWasmCode;
import dev.attache.wasm.ModuleResolver;
import dev.attache.wasm.cache.ModuleRequest;
import dev.attache.wasm.digest.Sha256;
import dev.attache.wasm.fetch.FetchException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The module cache of Envoy Gateway's translator test harness, for running its golden corpus
 * ({@code bin/attache conformance}): nothing is downloaded; a module's serving path is the
 * sha256 of its URL and its digest the sha256 of {@code "salt"} followed by that path, so the
 * goldens' {@code httpWasmCode} values come out as the reference produced them. A policy's sha256
 * that differs gets the real cache's mismatch error. Never use this to serve Envoy.
 */
public final class ReferenceHarnessModules implements ModuleResolver {
  /** Where the reference harness says its module server is. */
  public static final String SERVING_BASE = "https://envoy-gateway.envoy-gateway-system.svc.cluster.local:18002/";

  @Override
  public CodeResolution resolve(String gateway, ModuleRequest request) {
    requireNonNull(request, "request");
    String url = request.source().downloadUrl();
    String hashedName = Sha256.of(url.getBytes(StandardCharsets.UTF_8)).hex();
    Sha256 checksum = Sha256.of(("salt" + hashedName).getBytes(StandardCharsets.UTF_8));
    if (request.sha256() != null && !request.sha256().equals(checksum)) {
      return new CodeResolution.Failed(FetchException.Kind.CHECKSUM_MISMATCH, "module downloaded from " + url
          + " has checksum " + checksum + ", which does not match: " + request.sha256());
    }
    return new CodeResolution.Served(new HttpWasmCode(URI.create(SERVING_BASE + hashedName + ".wasm"), url, checksum));
  }
}
