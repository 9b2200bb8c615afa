package dev.attache.control.gatewayapi.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Replaying recorded issuer answers through the same rules as the network discovery. */
class RecordedResponsesTest {
  private static final IssuerDiscovery BUILT_IN = IssuerDiscovery.recorded(RecordedResponses.builtIn());

  @Test
  void theRecordedGoogleDocumentNamesItsEndpoints() throws Exception {
    assertThat(BUILT_IN.discover("https://accounts.google.com", null)).isEqualTo(new OpenIdConfiguration(
        "https://oauth2.googleapis.com/token", "https://accounts.google.com/o/oauth2/v2/auth", null));
  }

  @Test
  void aRecordedNotFoundFailsAsUpstream() {
    assertThatThrownBy(() -> BUILT_IN.discover("https://gateway.envoyproxy.io", null))
        .hasMessage("failed fetching openid-configuration from issuer URL: https://gateway.envoyproxy.io, status code: 404");
  }

  @Test
  void anIssuerOutsideTheRecordingIsUnreachable() {
    assertThatThrownBy(() -> BUILT_IN.discover("https://idp.example.com", null))
        .hasMessageStartingWith("Get \"https://idp.example.com/.well-known/openid-configuration\": dial tcp: lookup"
            + " idp.example.com: no such host");
  }

  @Test
  void aRecordedServerErrorIsRetriedUntilTheBackoffGivesUp() {
    IssuerDiscovery discovery = IssuerDiscovery.recorded(RecordedResponses.parse("""
        - {issuer: https://busy.example, status: 503}
        """));
    assertThatThrownBy(() -> discovery.discover("https://busy.example", null))
        .hasMessage("transient error fetching openid-configuration from issuer URL: https://busy.example, status code: 503");
  }
}
