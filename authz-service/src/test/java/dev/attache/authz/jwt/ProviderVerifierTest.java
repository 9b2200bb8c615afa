package dev.attache.authz.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.attache.authz.decision.Reason;
import dev.attache.authz.jwks.JwksSource;
import dev.attache.authz.jwks.KeySet;
import dev.attache.authz.policy.JwtSpec;
import dev.attache.authz.testing.Keys;
import dev.attache.authz.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The verified-token cache: results live until the token's exp and only for the keys that verified them. */
class ProviderVerifierTest {
  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  static final JwtSpec.Provider SPEC = new JwtSpec.Provider("p", Keys.ISSUER, List.of(), null, "inline", List.of(), null);

  static KeySet keys(com.nimbusds.jose.jwk.JWK... k) throws Exception {
    return KeySet.parse(Keys.jwks(k), T0);
  }

  static String token(Instant exp) {
    return Keys.sign(Keys.RSA, JWSAlgorithm.RS256, new JWTClaimsSet.Builder().issuer(Keys.ISSUER).subject("a")
        .expirationTime(Date.from(exp)).build());
  }

  @Test
  void cachedResultIsNotServedAfterExpPlusSkew() throws Exception {
    MutableClock clock = new MutableClock(T0);
    ProviderVerifier v = new ProviderVerifier(SPEC, JwksSource.fixed(keys(Keys.RSA)), clock, Duration.ofMillis(100), 100);
    String t = token(T0.plusSeconds(30));
    assertThat(v.verify(t).join()).isInstanceOf(TokenResult.Ok.class);
    assertThat(v.verify(t).join()).isInstanceOf(TokenResult.Ok.class);
    clock.advance(Duration.ofSeconds(30 + 61));
    assertThat(v.verify(t).join()).isEqualTo(new TokenResult.Failed(JwtFailure.of(Reason.JWT_EXPIRED, "Jwt is expired")));
  }

  @Test
  void cachedResultIsNotServedWithOtherKeys() throws Exception {
    MutableClock clock = new MutableClock(T0);
    KeySet[] live = {keys(Keys.RSA)};
    JwksSource rotating = new JwksSource() {
      @Override
      public KeySet current() {
        return live[0];
      }

      @Override
      public java.util.concurrent.CompletableFuture<KeySet> refresh() {
        return java.util.concurrent.CompletableFuture.completedFuture(live[0]);
      }
    };
    ProviderVerifier v = new ProviderVerifier(SPEC, rotating, clock, Duration.ofMillis(100), 100);
    String t = token(T0.plusSeconds(3600));
    assertThat(v.verify(t).join()).isInstanceOf(TokenResult.Ok.class);
    live[0] = keys(Keys.RSA_2);
    assertThat(v.verify(t).join()).as("the key that signed it was rotated out")
        .isInstanceOf(TokenResult.Failed.class);
  }
}
