package dev.attache.extension.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.attache.extension.client.ExtensionClient;
import dev.attache.extension.sdk.ExtensionHooks;
import dev.attache.extension.sdk.ExtensionResource;
import dev.attache.extension.sdk.HookServer;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Tests a team's hooks the way the control plane will call them: a real {@link HookServer} on
 * 127.0.0.1 and a real {@link ExtensionClient} speaking the wire protocol to it.
 *
 * <pre>{@code
 * try (HookTestKit kit = HookTestKit.start(new MyHooks())) {
 *   Route out = kit.client().postRouteModify(route, new HookContext.Route(
 *       List.of(HookTestKit.resource("apiVersion: example.com/v1\nkind: Stamp\n...")), List.of("www.example.com"), List.of()));
 * }
 * }</pre>
 */
public final class HookTestKit implements AutoCloseable {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private final HookServer server;
  private final ExtensionClient client;

  private HookTestKit(HookServer server, ExtensionClient client) {
    this.server = server;
    this.client = client;
  }

  public static HookTestKit start(ExtensionHooks hooks) {
    HookServer server = HookServer.builder(hooks).host("127.0.0.1").port(0).build().start();
    ExtensionClient client = ExtensionClient.builder("test-kit").address("127.0.0.1", server.port()).build();
    return new HookTestKit(server, client);
  }

  public ExtensionClient client() {
    return client;
  }

  public HookServer server() {
    return server;
  }

  /** An extension resource from the YAML a team would apply to Kubernetes. */
  public static ExtensionResource resource(String yaml) {
    try {
      JsonNode node = YAML.readTree(yaml);
      return ExtensionResource.of(node);
    } catch (IOException e) {
      throw new UncheckedIOException("extension resource YAML: " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    client.close();
    server.close();
  }
}
