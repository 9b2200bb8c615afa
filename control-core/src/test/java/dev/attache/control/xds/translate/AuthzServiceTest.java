package dev.attache.control.xds.translate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.attache.control.ir.IrYaml;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** SecurityPolicy enforcement goes to the authz-service through ext_authz (a deliberate difference). */
class AuthzServiceTest {
  private static final TranslatorSettings SETTINGS = new TranslatorSettings("envoy-gateway-system",
      "grpc://envoy-ratelimit.envoy-gateway-system.svc.cluster.local:8081", Set.of());

  private static XdsResources translate(String ir) throws Exception {
    return new XdsTranslator(SETTINGS).translate(IrYaml.readXds(ir));
  }

  private static final String GUARDED = """
      http:
      - name: default/gateway-1/http
        address: 0.0.0.0
        port: 10080
        hostnames: ["*"]
        routes:
        - name: guarded
          hostname: "*"
          metadata:
            kind: HTTPRoute
            name: orders
            namespace: shop
            policies:
            - kind: SecurityPolicy
              name: orders-jwt
              namespace: shop
          security:
            jwt:
              providers:
              - name: example
                issuer: https://issuer.example
          destination:
            name: orders
            settings:
            - name: orders/backend/0
              endpoints:
              - host: 10.0.0.1
                port: 8080
        - name: open
          hostname: "*"
          pathMatch:
            prefix: /public
          destination:
            name: orders
            settings:
            - name: orders/backend/0
              endpoints:
              - host: 10.0.0.1
                port: 8080
      """;

  @Test
  void guardedRouteCarriesItsPolicyToTheAuthzService() throws Exception {
    XdsResources out = translate(GUARDED);
    assertThat(out.errors()).isEmpty();

    JsonNode hcm = ResourceJson.toTree(out.listeners()).at("/0/defaultFilterChain/filters/0/typedConfig");
    JsonNode authz = hcm.get("httpFilters").get(0);
    assertThat(authz.get("name").asText()).isEqualTo("envoy.filters.http.ext_authz/attache-authz");
    assertThat(authz.get("disabled").asBoolean()).as("off unless a route turns it on").isTrue();
    assertThat(authz.at("/typedConfig/grpcService/envoyGrpc/clusterName").asText())
        .isEqualTo("attache-authz");
    assertThat(hcm.get("httpFilters").get(1).get("name").asText())
        .isEqualTo("envoy.filters.http.router");

    JsonNode routes = ResourceJson.toTree(out.routes()).at("/0/virtualHosts/0/routes");
    assertThat(routes.at("/0/typedPerFilterConfig/envoy.filters.http.ext_authz~1attache-authz"
        + "/checkSettings/contextExtensions/attache.io~1policy").asText())
        .isEqualTo("shop/orders-jwt");
    assertThat(routes.get(1).has("typedPerFilterConfig")).as("unguarded route").isFalse();

    JsonNode cluster = ResourceJson.toTree(out.clusters()).findValues("name").stream()
        .filter(n -> n.asText().equals("attache-authz")).findFirst().orElseThrow();
    assertThat(cluster).isNotNull();
    assertThat(ResourceJson.toTree(out.clusters()).toString())
        .contains("attache-authz.envoy-gateway-system.svc.cluster.local").contains("9191");
  }

  @Test
  void guardedRouteWithoutANamedPolicyIsReported() throws Exception {
    XdsResources out = translate(GUARDED.replace("kind: SecurityPolicy", "kind: BackendTrafficPolicy"));
    assertThat(out.errors()).singleElement().asString()
        .contains("route guarded").contains("SecurityPolicy is not named");
    assertThat(ResourceJson.toTree(out.routes()).at("/0/virtualHosts/0/routes")).hasSize(1);
  }
}
