package dev.attache.control.cli;

import static java.util.Objects.requireNonNull;

import dev.attache.authz.api.v1.AuthzPolicy;
import dev.attache.control.xds.server.AuthzPolicyServer;
import dev.attache.server.cli.ServerProcess;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve}'s authz policy xDS server, bound when a translation first has a policy for
 * authz-service to enforce: a control plane whose routes need no authz-service opens no port for
 * it (so the default port costs nothing, and two such processes on one host do not collide). Once
 * bound it stays, and an emptied set of policies is published as such. A port that cannot be
 * bound is logged and tried again at the next translation, with the error in the config dump.
 */
final class AuthzXdsOnDemand {
  private static final Logger log = LoggerFactory.getLogger(AuthzXdsOnDemand.class);

  private final Supplier<AuthzPolicyServer> starter;
  private final ServerProcess process;
  private final int configuredPort;
  private volatile AuthzPolicyServer server;
  private volatile String lastError = "";

  /** @param starter builds and starts the server (the port bound then) */
  AuthzXdsOnDemand(Supplier<AuthzPolicyServer> starter, ServerProcess process, int configuredPort) {
    this.starter = requireNonNull(starter, "starter");
    this.process = requireNonNull(process, "process");
    this.configuredPort = configuredPort;
  }

  /** The running server, or null before a policy needed it (or while it cannot bind). */
  AuthzPolicyServer server() {
    return server;
  }

  synchronized void publish(Map<String, List<AuthzPolicy>> byGateway) {
    if (server == null) {
      if (byGateway.values().stream().allMatch(List::isEmpty)) {
        return;
      }
      try {
        server = process.own(starter.get());
        lastError = "";
      } catch (RuntimeException e) {
        lastError = String.valueOf(e.getMessage());
        log.error("serve: authz policy xDS server on port {} cannot start: {}; authz-service gets no policies"
            + " (tried again at the next change)", configuredPort, lastError);
        return;
      }
    }
    server.publish(byGateway);
  }

  Map<String, Object> status() {
    AuthzPolicyServer s = server;
    if (s != null) {
      return s.status();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("port", configuredPort);
    out.put("running", false);
    out.put("reason", lastError.isEmpty() ? "no route is guarded by a SecurityPolicy authz-service enforces"
        : "cannot start: " + lastError);
    return out;
  }
}
