package dev.attache.wasm.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Credentials are found in a dockerconfigjson the way the Docker CLI finds them. */
class DockerConfigTest {
  private static DockerConfig parse(String json) {
    return DockerConfig.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void exactRegistryKeyThenUrlShapedKeys() {
    DockerConfig c = parse("{\"auths\":{"
        + "\"reg.example.com:5000\":{\"username\":\"a\",\"password\":\"1\"},"
        + "\"https://other.example.com/v1/\":{\"username\":\"b\",\"password\":\"2\"}}}");

    assertThat(c.credentialsFor("reg.example.com:5000")).isEqualTo(new RegistryCredentials.Basic("a", "1"));
    assertThat(c.credentialsFor("other.example.com")).isEqualTo(new RegistryCredentials.Basic("b", "2"));
    assertThat(c.credentialsFor("unknown.example.com")).isEqualTo(RegistryCredentials.ANONYMOUS);
  }

  @Test
  void dockerHubUsesItsLegacyKey() {
    DockerConfig c = parse("{\"auths\":{\"https://index.docker.io/v1/\":{\"username\":\"hub\",\"password\":\"p\"}}}");

    assertThat(c.credentialsFor(ImageReference.DOCKER_HUB)).isEqualTo(new RegistryCredentials.Basic("hub", "p"));
  }

  @Test
  void authFieldWinsAndTokensAreRecognised() {
    String auth = Base64.getEncoder().encodeToString("user:pa:ss".getBytes(StandardCharsets.UTF_8));
    DockerConfig c = parse("{\"auths\":{"
        + "\"a.example.com\":{\"auth\":\"" + auth + "\",\"username\":\"ignored\"},"
        + "\"b.example.com\":{\"identitytoken\":\"refresh\"},"
        + "\"c.example.com\":{\"registrytoken\":\"bearer\"}}}");

    assertThat(c.credentialsFor("a.example.com")).isEqualTo(new RegistryCredentials.Basic("user", "pa:ss"));
    assertThat(c.credentialsFor("b.example.com")).isInstanceOf(RegistryCredentials.IdentityToken.class);
    assertThat(c.credentialsFor("c.example.com")).isEqualTo(new RegistryCredentials.RegistryToken("bearer"));
  }

  @Test
  void credentialsNeverPrintTheirSecrets() {
    DockerConfig c = parse("{\"auths\":{\"a.example.com\":{\"username\":\"u\",\"password\":\"hunter2\"}}}");

    assertThat(c.credentialsFor("a.example.com").toString()).doesNotContain("hunter2");
    assertThat(c.toString()).doesNotContain("hunter2");
    assertThat(new RegistryCredentials.RegistryToken("tok-123").toString()).doesNotContain("tok-123");
  }

  @Test
  void malformedConfigsAreRejectedWithoutQuotingThem() {
    assertThatThrownBy(() -> parse("{\"auths\":{\"a\":{\"auth\":\"%%%hunter2\"}}}"))
        .hasMessage("field auths.a.auth: expected base64 of user:password");
    assertThatThrownBy(() -> parse("[\"hunter2\"]")).hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> parse("{\"auths\":\"hunter2\"}")).hasMessageNotContaining("hunter2");
  }
}
