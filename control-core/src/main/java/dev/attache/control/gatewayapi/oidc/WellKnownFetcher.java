package dev.attache.control.gatewayapi.oidc;

import dev.attache.control.ir.TlsUpstreamConfig;
import java.io.IOException;

/** One GET of a discovery document: the answer's status and body, or a transport failure. */
@FunctionalInterface
interface WellKnownFetcher {
  /** An answer; {@code body} is null when it was larger than the limit. */
  record Response(int status, byte[] body) {}

  /** @throws IOException with Go's wording of the transport failure as its message */
  Response get(String url, TlsUpstreamConfig tls) throws IOException;
}
