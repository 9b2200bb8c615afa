package dev.attache.authz.jwt;

import static java.util.Objects.requireNonNull;

import dev.attache.authz.decision.Reason;
import dev.attache.authz.policy.JwtSpec;
import dev.attache.authz.request.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@code spec.jwt} of one policy: the request passes when any provider finds tokens and every token
 * it finds verifies (Envoy Gateway's {@code requires_any} over the providers). {@code optional}
 * tolerates a missing token, {@code failOpen} a missing or invalid one.
 */
public final class JwtAuthenticator {
  static final int MAX_TOKENS = 8;
  private static final JwtOutcome MISSING = new JwtOutcome.Missing();
  private static final JwtOutcome PASSED_EMPTY = new JwtOutcome.Passed(List.of());

  private final JwtSpec spec;
  private final List<ProviderVerifier> providers;
  private final List<TokenExtractor> extractors;

  public JwtAuthenticator(JwtSpec spec, List<ProviderVerifier> providers) {
    this.spec = requireNonNull(spec, "spec");
    this.providers = List.copyOf(providers);
    List<TokenExtractor> ex = new ArrayList<>();
    for (ProviderVerifier p : providers) {
      ex.add(new TokenExtractor(p.spec().extractFrom()));
    }
    this.extractors = List.copyOf(ex);
  }

  public List<ProviderVerifier> providers() {
    return providers;
  }

  public CompletableFuture<JwtOutcome> authenticate(HttpRequest request) {
    int n = providers.size();
    @SuppressWarnings("unchecked")
    CompletableFuture<ProviderResult>[] results = new CompletableFuture[n];
    boolean allDone = true;
    for (int i = 0; i < n; i++) {
      results[i] = verifyProvider(providers.get(i), extractors.get(i).extract(request));
      allDone &= results[i].isDone();
    }
    if (allDone) {
      return CompletableFuture.completedFuture(combine(results));
    }
    return CompletableFuture.allOf(results).thenApply(x -> combine(results));
  }

  private JwtOutcome combine(CompletableFuture<ProviderResult>[] results) {
    List<VerifiedToken> ok = null;
    JwtFailure firstFailure = null;
    for (CompletableFuture<ProviderResult> f : results) {
      ProviderResult r = f.join();
      if (r.verified != null) {
        if (ok == null) {
          ok = new ArrayList<>(2);
        }
        ok.add(r.verified);
      } else if (r.failure != null && firstFailure == null) {
        firstFailure = r.failure;
      }
    }
    if (ok != null) {
      return new JwtOutcome.Passed(ok);
    }
    if (firstFailure == null) {
      return spec.optional() || spec.failOpen() ? PASSED_EMPTY : MISSING;
    }
    return spec.failOpen() ? PASSED_EMPTY : new JwtOutcome.Failed(firstFailure);
  }

  /** Every token the provider finds must verify; the first one's claims stand for the provider. */
  private static CompletableFuture<ProviderResult> verifyProvider(ProviderVerifier p, List<String> tokens) {
    if (tokens.isEmpty()) {
      return CompletableFuture.completedFuture(ProviderResult.MISSING);
    }
    if (tokens.size() > MAX_TOKENS) {
      // Each token costs a signature check; a request must not be able to order hundreds.
      return CompletableFuture.completedFuture(new ProviderResult(null, new JwtFailure(Reason.JWT_INVALID,
          "Found more than " + MAX_TOKENS + " Jwt tokens")));
    }
    if (tokens.size() == 1) {
      return p.verify(tokens.getFirst()).thenApply(ProviderResult::of);
    }
    List<CompletableFuture<TokenResult>> all = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      all.add(p.verify(t));
    }
    return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApply(x -> {
      VerifiedToken first = null;
      for (CompletableFuture<TokenResult> f : all) {
        switch (f.join()) {
          case TokenResult.Failed failed -> {
            return new ProviderResult(null, failed.failure());
          }
          case TokenResult.Ok ok -> {
            if (first == null) {
              first = ok.token();
            }
          }
        }
      }
      return new ProviderResult(first, null);
    });
  }

  private record ProviderResult(VerifiedToken verified, JwtFailure failure) {
    static final ProviderResult MISSING = new ProviderResult(null, null);

    static ProviderResult of(TokenResult r) {
      return switch (r) {
        case TokenResult.Ok ok -> new ProviderResult(ok.token(), null);
        case TokenResult.Failed f -> new ProviderResult(null, f.failure());
      };
    }
  }
}
