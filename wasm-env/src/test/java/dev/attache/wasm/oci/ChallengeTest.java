package dev.attache.wasm.oci;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WWW-Authenticate challenges as registries send them. */
class ChallengeTest {

  @Test
  void bearerChallengeWithQuotedParameters() {
    List<Challenge> c = Challenge.parse(List.of(
        "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/x:pull\""));

    assertThat(c).containsExactly(new Challenge("Bearer", Map.of(
        "realm", "https://auth.docker.io/token", "service", "registry.docker.io", "scope", "repository:library/x:pull")));
  }

  @Test
  void severalChallengesInOneHeader() {
    List<Challenge> c = Challenge.parse(List.of("Basic realm=\"Registry Realm\", Bearer realm=\"https://t\", error=\"x\\\"y\""));

    assertThat(c).extracting(Challenge::scheme).containsExactly("Basic", "Bearer");
    assertThat(c.get(1).param("error")).isEqualTo("x\"y");
  }

  @Test
  void schemesCompareWithoutCase() {
    assertThat(Challenge.parse(List.of("bearer realm=x")).get(0).is("Bearer")).isTrue();
  }
}
