package dev.attache.ratelimit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.ratelimit.TestConfigs;
import dev.attache.ratelimit.match.RateLimitConfig;
import dev.attache.ratelimit.metrics.RateLimitMetrics;
import dev.attache.server.config.ConfigException;
import dev.attache.server.config.ConfigFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** envoyproxy/ratelimit's config validation cases (test/config), on files shaped like theirs. */
class ConfigValidationTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      empty_domain.yaml        | config file cannot have empty domain
      empty_key.yaml           | domain 'test-domain': descriptor has empty key (under 'test-domain.key1')
      duplicate_key.yaml       | domain 'test-domain': duplicate descriptor composite key 'test-domain.key1_value1'
      bad_limit_unit.yaml      | domain 'test-domain': descriptor 'test-domain.key1_value1': rate_limit: invalid rate limit unit 'foo'
      replaces_self.yaml       | domain 'test-domain': descriptor 'test-domain.key1': rate_limit: replaces should not contain name of same descriptor
      replaces_empty.yaml      | domain 'test-domain': descriptor 'test-domain.key1': rate_limit: should not have an empty replaces entry
      misspelled_key.yaml      | domain 'test-domain': descriptors[0]: config error, unknown key 'ratelimit'
      misspelled_key2.yaml     | domain 'test-domain': descriptors[0].rate_limit: config error, unknown key 'requestsperunit'
      non_string_key.yaml      | config error, key is not of type string: 0.25
      non_map_list.yaml        | domain 'test-domain': descriptors: config error, yaml file contains list of type other than map: a
      unlimited_with_unit.yaml | domain 'test-domain': descriptor 'test-domain.key1': rate_limit: should not specify rate limit unit when unlimited
      share_threshold_no_wildcard.yaml | share_threshold can only be used with wildcard values (containing '*'), but found key 'files_plain'
      bad_yaml.yaml            | error loading config file:
      """)
  void rejectsWithMessageNamingFileDomainAndDescriptor(String file, String message) {
    assertThatThrownBy(() -> TestConfigs.load(TestConfigs.metrics(), false, file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith(TestConfigs.path(file) + ": ")
        .hasMessageContaining(message);
  }

  @Test
  void duplicateDomainIsRejectedNamingTheSecondFile() {
    assertThatThrownBy(() -> TestConfigs.load(TestConfigs.metrics(), false, "basic_config.yaml", "duplicate_domain.yaml"))
        .hasMessage(TestConfigs.path("duplicate_domain.yaml") + ": duplicate domain 'test-domain' in config file");
  }

  @Test
  void mergedDomainsStillRejectADuplicateCompositeKey() {
    assertThatThrownBy(() -> TestConfigs.load(TestConfigs.metrics(), true, "merge_domain_key1.yaml", "merge_domain_key1.yaml"))
        .hasMessageContaining("duplicate descriptor composite key 'test-domain.key1_value1'");
  }

  @Test
  void mergedDomainsCombineTheirDescriptors() throws Exception {
    RateLimitConfig config = TestConfigs.load(TestConfigs.metrics(), true, "merge_domain_key1.yaml", "merge_domain_key2.yaml");
    assertThat(config.getLimit("test-domain", TestConfigs.descriptor("key1", "value1")).primary().requestsPerUnit()).isEqualTo(10);
    assertThat(config.getLimit("test-domain", TestConfigs.descriptor("key2", "value2")).primary().requestsPerUnit()).isEqualTo(20);
  }

  @Test
  void unitsAreCaseInsensitiveFromSecondToYear() throws Exception {
    String yaml = """
        domain: units
        descriptors:
          - {key: s, rate_limit: {unit: second, requests_per_unit: 1}}
          - {key: m, rate_limit: {unit: MINUTE, requests_per_unit: 1}}
          - {key: h, rate_limit: {unit: Hour, requests_per_unit: 1}}
          - {key: d, rate_limit: {unit: dAy, requests_per_unit: 1}}
          - {key: w, rate_limit: {unit: week, requests_per_unit: 1}}
          - {key: mo, rate_limit: {unit: month, requests_per_unit: 1}}
          - {key: y, rate_limit: {unit: year, requests_per_unit: 1}}
        """;
    RateLimitConfig config = load(yaml);
    assertThat(List.of("s", "m", "h", "d", "w", "mo", "y").stream()
        .map(k -> config.getLimit("units", TestConfigs.descriptor(k, "x")).primary().windowSeconds()).toList())
        .containsExactly(1L, 60L, 3_600L, 86_400L, 604_800L, 2_592_000L, 31_536_000L);
  }

  @Test
  void unknownUnitNameIsRejected() {
    assertThatThrownBy(() -> load("domain: d\ndescriptors: [{key: k, rate_limit: {unit: UNKNOWN, requests_per_unit: 1}}]"))
        .hasMessageContaining("invalid rate limit unit 'UNKNOWN'");
  }

  @Test
  void aFloatValueIsRejectedWithTheField() {
    assertThatThrownBy(() -> load("domain: d\ndescriptors: [{key: k, rate_limit: {unit: second, requests_per_unit: 1.5}}]"))
        .hasMessageContaining("descriptors[0].rate_limit.requests_per_unit: error checking config");
  }

  @Test
  void aNegativeCountIsRejectedWithTheField() {
    assertThatThrownBy(() -> load("domain: d\ndescriptors: [{key: k, rate_limit: {unit: second, requests_per_unit: -1}}]"))
        .hasMessageContaining("descriptors[0].rate_limit.requests_per_unit: '-1' (expected: an integer 0-4294967295)");
  }

  @Test
  void numericValuesAreReadAsText() throws Exception {
    RateLimitConfig config = load("domain: d\ndescriptors: [{key: code, value: 429, rate_limit: {unit: second, requests_per_unit: 1}}]");
    assertThat(config.getLimit("d", TestConfigs.descriptor("code", "429"))).isNotNull();
  }

  @Test
  void anEmptyFileHasAnEmptyDomain() {
    assertThatThrownBy(() -> load("")).hasMessageContaining("config file cannot have empty domain");
  }

  @Test
  void failedLoadsAreCounted() {
    RateLimitMetrics metrics = TestConfigs.metrics();
    assertThatThrownBy(() -> TestConfigs.load(metrics, false, "bad_limit_unit.yaml")).isInstanceOf(ConfigException.class);
    assertThat(metrics.configLoadError().count()).isEqualTo(1);
    assertThat(metrics.configLoadSuccess().count()).isZero();
  }

  @Test
  void attacheAdditionsAreValidated() {
    assertThatThrownBy(() -> load("domain: d\ndescriptors: [{key: k, rate_limit: {unit: second, requests_per_unit: 1, algorithm: leaky}}]"))
        .hasMessageContaining("descriptor 'd.k': rate_limit: algorithm: 'leaky' (expected: fixed_window or token_bucket)");
    assertThatThrownBy(() -> load("domain: d\ndescriptors: [{key: k, rate_limit: {unit: second, requests_per_unit: 1, burst: 5}}]"))
        .hasMessageContaining("burst: 5 (expected: only with algorithm: token_bucket)");
    assertThatThrownBy(() -> load("domain: d\ndescriptors: [{key: k, rate_limit: {unit: second, requests_per_unit: 1, unit_multiplier: 0}}]"))
        .hasMessageContaining("unit_multiplier: 0 (expected: >= 1)");
    assertThatThrownBy(() -> load("domain: d\ndescriptors: [{key: k, rate_limits: [{unit: second, requests_per_unit: 1}]}]"))
        .hasMessageContaining("rate_limits needs a rate_limit to go with it");
  }

  static RateLimitConfig load(String yaml) throws ConfigException {
    return new RateLimitConfigLoader(TestConfigs.metrics(), false)
        .load(List.of(new ConfigFile(Path.of("inline.yaml"), yaml)));
  }
}
