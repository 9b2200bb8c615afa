package dev.attache.control.gatewayapi.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.attache.control.gatewayapi.GatewayApiTranslator;
import dev.attache.control.gatewayapi.TranslationResult;
import dev.attache.control.gatewayapi.TranslatorSettings;
import dev.attache.control.gatewayapi.oidc.DiscoveryException;
import dev.attache.control.gatewayapi.oidc.IssuerDiscovery;
import dev.attache.control.gatewayapi.oidc.OpenIdConfiguration;
import dev.attache.control.ir.HttpRoute;
import dev.attache.control.ir.OidcProvider;
import dev.attache.control.resource.ResourceReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A SecurityPolicy's OIDC provider endpoints found through issuer discovery, as Envoy Gateway finds them. */
class SecurityPolicyOidcDiscoveryTest {
  private static final String RESOURCES = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {namespace: infra, name: edge}
      spec:
        gatewayClassName: eg
        listeners: [{name: http, protocol: HTTP, port: 80, allowedRoutes: {namespaces: {from: All}}}]
      ---
      apiVersion: v1
      kind: Namespace
      metadata: {name: infra}
      ---
      apiVersion: v1
      kind: Service
      metadata: {namespace: infra, name: web}
      spec:
        clusterIP: 10.0.0.7
        ports: [{name: http, port: 8080, protocol: TCP}]
      ---
      apiVersion: v1
      kind: Secret
      metadata: {namespace: infra, name: client-secret}
      data: {client-secret: c2VjcmV0}
      ---
      apiVersion: v1
      kind: Secret
      metadata: {namespace: envoy-gateway-system, name: envoy-oidc-hmac}
      data: {hmac-secret: qrOYACHXoe7UEDI/raOjNSx+Z9ufXSc/22C3T6X/zPY=}
      """;

  private static String route(String name) {
    return """
        ---
        apiVersion: gateway.networking.k8s.io/v1
        kind: HTTPRoute
        metadata: {namespace: infra, name: %1$s}
        spec:
          parentRefs: [{name: edge}]
          hostnames: [%1$s.example.com]
          rules: [{backendRefs: [{name: web, port: 8080}]}]
        """.formatted(name);
  }

  private static String policy(String route, String provider) {
    return """
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {namespace: infra, name: %s}
        spec:
          targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: %s}]
          oidc:
            provider: %s
            clientID: web
            clientSecret: {name: client-secret}
            redirectURL: https://www.example.com/oauth2/callback
        """.formatted(route, route, provider);
  }

  private final List<String> asked = new ArrayList<>();

  private TranslationResult translate(String yaml, IssuerDiscovery discovery) {
    var read = ResourceReader.create().readDocuments(Path.of("oidc.yaml"), yaml);
    assertThat(read.problems()).isEmpty();
    return GatewayApiTranslator.translate(read.resources(),
        TranslatorSettings.builder("eg").oidcDiscovery((issuer, tls) -> {
          asked.add(issuer);
          return discovery.discover(issuer, tls);
        }).build());
  }

  private static OidcProvider provider(TranslationResult result, String route) {
    return result.xdsIR().get("infra/edge").http().getFirst().routes().stream()
        .filter(r -> r.name().startsWith("httproute/infra/" + route + "/")).map(HttpRoute::security)
        .findFirst().orElseThrow().oidc().provider();
  }

  @Test
  void missingEndpointsAreDiscoveredOncePerIssuerAndGivenOnesWin() {
    String yaml = RESOURCES + route("shop") + route("blog") + policy("shop", "{issuer: https://idp.example.com}")
        + policy("blog", "{issuer: https://idp.example.com, authorizationEndpoint: 'https://idp.example.com/auth?x=1'}");
    TranslationResult result = translate(yaml, (issuer, tls) -> new OpenIdConfiguration("https://idp.example.com/token",
        "https://idp.example.com/auth", "https://idp.example.com/logout"));

    assertThat(provider(result, "shop")).satisfies(p -> {
      assertThat(p.authorizationEndpoint()).isEqualTo("https://idp.example.com/auth");
      assertThat(p.tokenEndpoint()).isEqualTo("https://idp.example.com/token");
      assertThat(p.endSessionEndpoint()).isEqualTo("https://idp.example.com/logout");
    });
    assertThat(provider(result, "blog").authorizationEndpoint()).isEqualTo("https://idp.example.com/auth?x=1");
    assertThat(asked).containsExactly("https://idp.example.com");
  }

  @Test
  void aDiscoveryFailureIsThePolicysCondition() {
    TranslationResult result = translate(RESOURCES + route("shop") + policy("shop", "{issuer: https://idp.example.com}"),
        (issuer, tls) -> {
          throw new DiscoveryException("failed fetching openid-configuration from issuer URL: " + issuer + ", status code: 404");
        });
    assertThat(result.resources().securityPolicies().getFirst().status().ancestors().getFirst().conditions())
        .anySatisfy(c -> assertThat(c.message()).isEqualTo(
            "OIDC: failed fetching openid-configuration from issuer URL: https://idp.example.com, status code: 404."));
  }

  @Test
  void givenEndpointsNeedNoDiscovery() {
    translate(RESOURCES + route("shop") + policy("shop",
        "{issuer: https://idp.example.com, authorizationEndpoint: https://idp.example.com/a, tokenEndpoint: https://idp.example.com/t}"),
        (issuer, tls) -> {
          throw new AssertionError("no discovery expected");
        });
    assertThat(asked).isEmpty();
  }
}
