package dev.attache.bench.authz;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.attache.authz.jwks.JwksSource;
import dev.attache.authz.jwks.KeySet;
import dev.attache.authz.jwt.ProviderVerifier;
import dev.attache.authz.jwt.TokenResult;
import dev.attache.authz.policy.JwtSpec;
import dev.attache.authz.policy.PolicyLoader;
import dev.attache.authz.policy.PolicySet;
import dev.attache.authz.service.AuthzService;
import dev.attache.authz.service.AuthzSettings;
import dev.attache.bench.load.EmptyService;
import dev.attache.bench.load.LoadDriver;
import dev.attache.bench.load.LoadOptions;
import dev.attache.bench.load.LoadReport;
import dev.attache.bench.load.LoadResult;
import dev.attache.bench.load.LoadSpec;
import dev.attache.bench.load.LoopbackTarget;
import dev.attache.server.config.ConfigFile;
import io.envoyproxy.envoy.config.core.v3.Address;
import io.envoyproxy.envoy.config.core.v3.SocketAddress;
import io.envoyproxy.envoy.service.auth.v3.AttributeContext;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckRequest;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.OkHttpResponse;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * authz-service under load beside the empty-gRPC baseline, in one run: Check with a valid RS256
 * JWT (verified once, then served from the verified-token cache until exp) against a target of
 * 70% of the baseline's throughput, Check with an API key against 80%, and, for information,
 * Check with the token cache off; each against a baseline fed the same request bytes. Then the
 * CPU cost of one uncached RS256 and ES256 verification and of an in-process Check.
 */
@Command(name = "AuthzLoadBenchmark", mixinStandardHelpOptions = true,
    description = "authz-service Check throughput and latency against an empty gRPC service.")
public final class AuthzLoadBenchmark implements Callable<Integer> {
  @Mixin
  LoadOptions load;

  @Option(names = "--tokens", defaultValue = "1000", description = "Distinct valid JWTs (and API keys) cycled through. Default: ${DEFAULT-VALUE}")
  int tokens;

  @Option(names = "--verifications", defaultValue = "5000",
      description = "Uncached verifications timed per algorithm. Default: ${DEFAULT-VALUE}")
  int verifications;

  private static final String ISSUER = "https://issuer.bench";
  // CPU time of the measuring thread: on a shared machine wall time also counts other processes.
  private static final java.lang.management.ThreadMXBean CPU = java.lang.management.ManagementFactory.getThreadMXBean();
  private final PrintStream out = System.out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new AuthzLoadBenchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    RSAKey rsa = new RSAKeyGenerator(2048).keyID("rsa").generate();
    ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec").generate();
    String jwks = new JWKSet(List.<JWK>of(rsa.toPublicJWK(), ec.toPublicJWK())).toString(false);
    List<String> rsTokens = tokens(rsa, JWSAlgorithm.RS256, tokens);
    List<String> esTokens = tokens(ec, JWSAlgorithm.ES256, Math.min(tokens, verifications));
    List<String> apiKeys = new ArrayList<>();
    StringBuilder secret = new StringBuilder("""
        apiVersion: v1
        kind: Secret
        metadata: {name: keys, namespace: bench}
        stringData:
        """);
    for (int i = 0; i < Math.max(1, tokens / 10); i++) {
      String key = "key-" + i + "-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
      apiKeys.add(key);
      secret.append("  client-").append(i).append(": ").append(key).append('\n');
    }
    String config = secret + """
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: jwt, namespace: bench}
        spec:
          jwt:
            providers:
            - name: bench
              issuer: %s
              audiences: [api]
              localJWKS: {inline: '%s'}
              claimToHeaders: [{header: x-user, claim: sub}]
        ---
        apiVersion: gateway.envoyproxy.io/v1alpha1
        kind: SecurityPolicy
        metadata: {name: apikey, namespace: bench}
        spec:
          apiKeyAuth:
            credentialRefs: [{name: keys}]
            extractFrom: [{headers: [x-api-key]}]
            forwardClientIDHeader: x-client-id
        """.formatted(ISSUER, jwks);
    PolicySet policies = new PolicyLoader().load(List.of(new ConfigFile(Path.of("bench.yaml"), config)));

    LoadSpec spec = load.closed();
    out.printf(Locale.ROOT, "authz-service load benchmark: %s, warm-up %s, recorded %s, %d tokens, %d cores%n%n",
        spec.mode(), spec.warmup(), spec.duration(), tokens, Runtime.getRuntime().availableProcessors());

    Supplier<CheckRequest> jwtRequests = cycle(rsTokens, t -> request("bench/jwt", "authorization", "Bearer " + t));
    Supplier<CheckRequest> keyRequests = cycle(apiKeys, k -> request("bench/apikey", "x-api-key", k));

    CheckResponse constant = CheckResponse.newBuilder()
        .setStatus(com.google.rpc.Status.newBuilder().setCode(0))
        .setOkResponse(OkHttpResponse.getDefaultInstance()).build();
    // The baseline answers the same method with the same request bytes as the target it is
    // compared with (a JWT request is three times the size of an API-key one). The first run in
    // a JVM also pays for JIT-compiling the shared gRPC path, so it only warms up.
    LoadResult jwtBaseline;
    LoadResult keyBaseline;
    try (LoopbackTarget empty = new LoopbackTarget("empty",
        EmptyService.of(AuthorizationGrpc.getCheckMethod(), constant))) {
      LoadResult warm = drive(empty, "JIT warm-up (not a baseline)", jwtRequests, spec);
      out.printf(Locale.ROOT, "JIT warm-up run of the empty service: %,.0f calls/s%n%n", warm.throughput());
      jwtBaseline = drive(empty, "empty gRPC, JWT request", jwtRequests, spec);
      keyBaseline = drive(empty, "empty gRPC, API-key request", keyRequests, spec);
    }
    LoadReport jwtReport;
    LoadReport keyReport;
    try (Service cached = new Service(policies, AuthzSettings.defaults())) {
      requireAllowed(cached, jwtRequests.get());
      requireAllowed(cached, keyRequests.get());
      LoadResult jwt = drive(cached.target, "Check RS256 JWT (token cache)", jwtRequests, spec);
      LoadResult key = drive(cached.target, "Check API key", keyRequests, spec);
      LoadResult uncached;
      try (Service noCache = new Service(policies, AuthzSettings.defaults().withTokenCacheSize(0))) {
        uncached = drive(noCache.target, "Check RS256 JWT (no token cache)", jwtRequests, spec);
      }
      jwtReport = new LoadReport(out, jwtBaseline);
      jwtReport.check(jwt, 0.70, 0);
      jwtReport.add(uncached);
      out.println();
      keyReport = new LoadReport(out, keyBaseline);
      keyReport.check(key, 0.80, 0);
    }

    out.println();
    out.println("uncached verification cost (CPU time of one thread in a timed loop; key prepared, claims checked):");
    JwtSpec.Provider provider = policies.policies().values().stream().filter(p -> p.jwt() != null)
        .findFirst().orElseThrow().jwt().providers().getFirst();
    KeySet keys = KeySet.parse(jwks, Instant.now());
    ProviderVerifier verifier = new ProviderVerifier(provider, JwksSource.fixed(keys), Clock.systemUTC(),
        Duration.ofMillis(100), 0);
    double rs = perVerification(verifier, rsTokens);
    double es = perVerification(verifier, esTokens);
    out.printf(Locale.ROOT, "  RS256 (2048-bit): %8.1f µs CPU/verification  (%,.0f/s per core)%n", rs, 1e6 / rs);
    out.printf(Locale.ROOT, "  ES256 (P-256):    %8.1f µs CPU/verification  (%,.0f/s per core)%n", es, 1e6 / es);

    out.println();
    out.println("in-process Check cost (CPU time of one thread, no transport; decision, metrics and response):");
    try (Service direct = new Service(policies, AuthzSettings.defaults())) {
      out.printf(Locale.ROOT, "  RS256 JWT, token cache: %8.2f µs CPU/check%n", perCheck(direct.service, jwtRequests));
      out.printf(Locale.ROOT, "  API key:                %8.2f µs CPU/check%n", perCheck(direct.service, keyRequests));
    }

    out.println();
    List<String> misses = new ArrayList<>(jwtReport.misses());
    misses.addAll(keyReport.misses());
    if (misses.isEmpty()) {
      out.println("all targets met");
      return 0;
    }
    out.println("targets missed: " + misses);
    return 1;
  }

  /** authz-service's Check service behind the same server plumbing as the baseline. */
  private static final class Service implements AutoCloseable {
    final AuthzService service;
    final LoopbackTarget target;

    Service(PolicySet policies, AuthzSettings settings) {
      service = new AuthzService(settings, Clock.systemUTC(), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
      service.apply(policies);
      target = new LoopbackTarget("authz", service.bindService());
    }

    @Override
    public void close() throws InterruptedException {
      target.close();
      service.close();
    }
  }

  private static LoadResult drive(LoopbackTarget target, String name, Supplier<CheckRequest> requests, LoadSpec spec)
      throws InterruptedException {
    return new LoadDriver<>(target.channel(), AuthorizationGrpc.getCheckMethod(), requests).run(name, spec);
  }

  /** A benchmark whose calls are all denied would measure the wrong thing; refuse to run it. */
  private static void requireAllowed(Service s, CheckRequest r) {
    CheckResponse resp = AuthorizationGrpc.newBlockingStub(s.target.channel()).check(r);
    if (resp.getStatus().getCode() != 0) {
      throw new IllegalStateException("benchmark request denied: " + resp.getDeniedResponse().getBody());
    }
  }

  private double perVerification(ProviderVerifier verifier, List<String> tokens) {
    int warm = Math.min(2000, verifications);
    for (int i = 0; i < warm; i++) {
      mustVerify(verifier, tokens.get(i % tokens.size()));
    }
    long cpu = CPU.getCurrentThreadCpuTime();
    for (int i = 0; i < verifications; i++) {
      mustVerify(verifier, tokens.get(i % tokens.size()));
    }
    return (CPU.getCurrentThreadCpuTime() - cpu) / 1000.0 / verifications;
  }


  private double perCheck(AuthzService service, Supplier<CheckRequest> requests) {
    int[] allowed = {0};
    io.grpc.stub.StreamObserver<CheckResponse> sink = new io.grpc.stub.StreamObserver<>() {
      @Override
      public void onNext(CheckResponse r) {
        if (r.getStatus().getCode() == 0) {
          allowed[0]++;
        }
      }

      @Override
      public void onError(Throwable t) {}

      @Override
      public void onCompleted() {}
    };
    int n = Math.max(20_000, verifications * 10);
    for (int i = 0; i < n; i++) {
      service.check(requests.get(), sink);
    }
    allowed[0] = 0;
    long cpu = CPU.getCurrentThreadCpuTime();
    for (int i = 0; i < n; i++) {
      service.check(requests.get(), sink);
    }
    double micros = (CPU.getCurrentThreadCpuTime() - cpu) / 1000.0 / n;
    if (allowed[0] != n) {
      throw new IllegalStateException("in-process checks denied: " + (n - allowed[0]));
    }
    return micros;
  }

  private static void mustVerify(ProviderVerifier v, String token) {
    if (!(v.verify(token).join() instanceof TokenResult.Ok)) {
      throw new IllegalStateException("a benchmark token did not verify");
    }
  }

  private static List<String> tokens(JWK key, JWSAlgorithm alg, int n) throws Exception {
    JWSSigner signer = key instanceof RSAKey r ? new RSASSASigner(r) : new ECDSASigner((ECKey) key);
    Instant now = Instant.now();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience("api").subject("user-" + i)
          .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofHours(2))))
          .claim("scope", "orders.read orders.write").build();
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(key.getKeyID()).build(), claims);
      jwt.sign(signer);
      out.add(jwt.serialize());
    }
    return out;
  }

  private static <T> Supplier<CheckRequest> cycle(List<T> items, java.util.function.Function<T, CheckRequest> f) {
    List<CheckRequest> requests = items.stream().map(f).toList();
    AtomicInteger i = new AtomicInteger();
    return () -> requests.get(Math.floorMod(i.getAndIncrement(), requests.size()));
  }

  /** A CheckRequest as Envoy's ext_authz sends it. */
  static CheckRequest request(String policy, String header, String value) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put(":authority", "api.example.com");
    headers.put(":method", "GET");
    headers.put(":path", "/orders/42?expand=items");
    headers.put(":scheme", "https");
    headers.put("accept", "application/json");
    headers.put("user-agent", "bench/1.0");
    headers.put("x-forwarded-proto", "https");
    headers.put("x-request-id", "5f0c6a52-bench");
    headers.put(header, value);
    return CheckRequest.newBuilder().setAttributes(AttributeContext.newBuilder()
        .setSource(AttributeContext.Peer.newBuilder().setAddress(Address.newBuilder()
            .setSocketAddress(SocketAddress.newBuilder().setAddress("198.51.100.10").setPortValue(40000))))
        .setRequest(AttributeContext.Request.newBuilder().setHttp(AttributeContext.HttpRequest.newBuilder()
            .setMethod("GET").setPath("/orders/42?expand=items").setHost("api.example.com").setScheme("https")
            .setProtocol("HTTP/2").putAllHeaders(headers)))
        .putContextExtensions("attache.io/policy", policy))
        .build();
  }
}
