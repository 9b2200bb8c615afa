package dev.attache.control.extension;

/**
 * Resources of the extension tests: a GatewayClass of Envoy Gateway's controller, Gateway
 * {@code default/eg} with an HTTP listener, Service {@code default/backend} with one endpoint, and
 * HTTPRoute {@code default/stamped} whose rule carries the worked example's {@code HeaderStamp}
 * ExtensionRef filter named {@code stamp} (the HeaderStamp object itself is up to each test).
 */
public final class StampedRouteResources {
  public static final String YAML = """
      apiVersion: gateway.networking.k8s.io/v1
      kind: GatewayClass
      metadata: {name: eg}
      spec: {controllerName: gateway.envoyproxy.io/gatewayclass-controller}
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: Gateway
      metadata: {name: eg, namespace: default}
      spec:
        gatewayClassName: eg
        listeners:
        - {name: http, protocol: HTTP, port: 80}
      ---
      apiVersion: v1
      kind: Service
      metadata: {name: backend, namespace: default}
      spec:
        clusterIP: 10.96.0.10
        ports: [{name: http, port: 3000, targetPort: 3000}]
      ---
      apiVersion: discovery.k8s.io/v1
      kind: EndpointSlice
      metadata:
        name: backend-1
        namespace: default
        labels: {kubernetes.io/service-name: backend}
      addressType: IPv4
      ports: [{name: http, port: 3000}]
      endpoints: [{addresses: [10.0.0.7], conditions: {ready: true}}]
      ---
      apiVersion: gateway.networking.k8s.io/v1
      kind: HTTPRoute
      metadata: {name: stamped, namespace: default}
      spec:
        parentRefs: [{name: eg}]
        hostnames: [www.example.com]
        rules:
        - filters:
          - type: ExtensionRef
            extensionRef: {group: example.attache.dev, kind: HeaderStamp, name: stamp}
          backendRefs: [{name: backend, port: 3000}]
      """;

  private StampedRouteResources() {}
}
