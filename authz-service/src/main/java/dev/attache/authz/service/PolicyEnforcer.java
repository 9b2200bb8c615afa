package dev.attache.authz.service;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import dev.attache.authz.apikey.ApiKeyAuthenticator;
import dev.attache.authz.basic.BasicAuthenticator;
import dev.attache.authz.decision.Decision;
import dev.attache.authz.decision.Decision.Header;
import dev.attache.authz.decision.Judgement;
import dev.attache.authz.decision.Reason;
import dev.attache.authz.jwt.JwtAuthenticator;
import dev.attache.authz.jwt.JwtOutcome;
import dev.attache.authz.jwt.VerifiedToken;
import dev.attache.authz.policy.ApiKeyAuthSpec.KeySource;
import dev.attache.authz.policy.AuthorizationSpec.Action;
import dev.attache.authz.policy.PolicyId;
import dev.attache.authz.request.HttpRequest;
import dev.attache.authz.rules.RuleEvaluator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One SecurityPolicy, compiled when it loads, applied to requests in the order Envoy Gateway
 * orders the filters it stands for: api_key_auth, basic_auth, jwt_authn, then rbac. Headers an
 * earlier step forwards are visible to the later ones, as they are to later filters in Envoy.
 * A step the policy does not configure is skipped.
 */
public final class PolicyEnforcer {
  private final PolicyId id;
  private final ApiKeyAuthenticator apiKey;
  private final BasicAuthenticator basic;
  private final JwtAuthenticator jwt;
  private final RuleEvaluator rules;
  final DecisionCounters counters;
  private final java.util.Set<String> claimHeaders;

  PolicyEnforcer(PolicyId id, ApiKeyAuthenticator apiKey, BasicAuthenticator basic, JwtAuthenticator jwt,
      RuleEvaluator rules, DecisionCounters counters) {
    this.id = id;
    this.apiKey = apiKey;
    this.basic = basic;
    this.jwt = jwt;
    this.rules = rules;
    this.counters = counters;
    java.util.Set<String> names = new java.util.LinkedHashSet<>();
    if (jwt != null) {
      jwt.providers().forEach(p -> p.spec().claimToHeaders()
          .forEach(c -> names.add(c.header().toLowerCase(java.util.Locale.ROOT))));
    }
    this.claimHeaders = java.util.Set.copyOf(names);
  }

  public PolicyId id() {
    return id;
  }

  JwtAuthenticator jwt() {
    return jwt;
  }

  public CompletableFuture<Judgement> check(HttpRequest request) {
    Changes changes = new Changes();
    String principal = "";
    if (apiKey != null) {
      switch (apiKey.check(request)) {
        case ApiKeyAuthenticator.Result.Missing m -> {
          return done(Decision.Deny.of(Reason.APIKEY_MISSING, "Client authentication failed."));
        }
        case ApiKeyAuthenticator.Result.Unknown u -> {
          return done(Decision.Deny.of(Reason.APIKEY_INVALID, "Client authentication failed."));
        }
        case ApiKeyAuthenticator.Result.Client c -> {
          principal = "apikey:" + c.clientId();
          if (apiKey.spec().sanitize()) {
            sanitize(request, c.source(), changes);
          }
          if (apiKey.spec().forwardClientIdHeader() != null) {
            changes.set(request, apiKey.spec().forwardClientIdHeader(), c.clientId());
          }
        }
      }
    }
    if (basic != null) {
      switch (basic.check(request)) {
        case BasicAuthenticator.Result.Failed f -> {
          return done(new Decision.Deny(f.missing() ? Reason.BASIC_MISSING : Reason.BASIC_INVALID, f.message(),
              List.of(new Header("www-authenticate", "Basic realm=\"" + request.originalUri() + "\""))));
        }
        case BasicAuthenticator.Result.User u -> {
          principal = "basic:" + u.user();
          if (basic.spec().forwardUsernameHeader() != null) {
            changes.set(request, basic.spec().forwardUsernameHeader(), u.user());
          }
        }
      }
    }
    if (jwt == null) {
      return CompletableFuture.completedFuture(authorize(request, changes, List.of(), principal));
    }
    String p = principal;
    CompletableFuture<JwtOutcome> outcome = jwt.authenticate(request);
    if (outcome.isDone()) {
      return CompletableFuture.completedFuture(afterJwt(request, changes, outcome.join(), p));
    }
    return outcome.thenApply(o -> afterJwt(request, changes, o, p));
  }

  private Judgement afterJwt(HttpRequest request, Changes changes, JwtOutcome outcome, String principal) {
    return switch (outcome) {
      case JwtOutcome.Missing m -> Judgement.of(new Decision.Deny(Reason.JWT_MISSING, "Jwt is missing",
          List.of(new Header("www-authenticate", "Bearer realm=\"" + request.originalUri() + "\""))));
      case JwtOutcome.Failed f -> Judgement.of(new Decision.Deny(f.failure().reason(), f.failure().message(),
          List.of(new Header("www-authenticate",
              "Bearer realm=\"" + request.originalUri() + "\", error=\"invalid_token\""))));
      case JwtOutcome.Passed passed -> {
        String who = principal;
        for (VerifiedToken t : passed.tokens()) {
          for (Header h : t.headers()) {
            changes.set(request, h.name(), h.value());
          }
          if (who.isEmpty()) {
            String sub = t.claims().headerValue(List.of("sub"));
            who = "jwt:" + t.provider() + (sub == null ? "" : ":" + sub);
          }
        }
        // A claim header no verified token set must not reach upstream (or the rules) from the
        // client: with optional or failOpen a request could otherwise bring its own x-user-id.
        for (String name : claimHeaders) {
          if (changes.set.stream().noneMatch(h -> h.name().equals(name)) && request.header(name) != null) {
            changes.remove.add(name);
            request.removeHeader(name);
          }
        }
        yield authorize(request, changes, passed.tokens(), who);
      }
    };
  }

  private Judgement authorize(HttpRequest request, Changes changes, List<VerifiedToken> tokens, String principal) {
    String rule = "";
    if (rules != null) {
      RuleEvaluator.Verdict v = rules.evaluate(request, tokens);
      rule = v.rule() == null ? "default" : v.rule();
      if (v.action() == Action.DENY) {
        return new Judgement(Decision.Deny.of(Reason.AUTHZ_DENIED, "RBAC: access denied"), principal, rule);
      }
    }
    Struct metadata = Struct.getDefaultInstance();
    if (!tokens.isEmpty()) {
      Struct.Builder b = Struct.newBuilder();
      for (VerifiedToken t : tokens) {
        b.putFields(t.provider(), Value.newBuilder().setStructValue(t.claims().struct()).build());
      }
      metadata = b.build();
    }
    return new Judgement(new Decision.Allow(changes.set, changes.remove, changes.removeParams, metadata), principal, rule);
  }

  /** Removes the API key from what goes upstream ({@code sanitize: true}). */
  private static void sanitize(HttpRequest request, KeySource source, Changes changes) {
    switch (source) {
      case KeySource.Header h -> changes.remove.add(h.name());
      case KeySource.Param p -> changes.removeParams.add(p.name());
      case KeySource.Cookie c -> {
        String rest = Cookies.without(request.header("cookie"), c.name());
        if (rest.isEmpty()) {
          changes.remove.add("cookie");
        } else {
          changes.set.add(new Header("cookie", rest));
        }
      }
    }
  }

  private static CompletableFuture<Judgement> done(Decision d) {
    return CompletableFuture.completedFuture(Judgement.of(d));
  }

  /** Request changes collected along the way. */
  private static final class Changes {
    final List<Header> set = new ArrayList<>(2);
    final List<String> remove = new ArrayList<>(1);
    final List<String> removeParams = new ArrayList<>(1);

    void set(HttpRequest request, String name, String value) {
      set.removeIf(h -> h.name().equals(name));
      set.add(new Header(name, value));
      request.setHeader(name, value);
    }
  }
}
