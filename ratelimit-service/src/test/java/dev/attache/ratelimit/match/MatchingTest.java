package dev.attache.ratelimit.match;

import static dev.attache.ratelimit.TestConfigs.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.attache.ratelimit.TestConfigs;
import dev.attache.ratelimit.metrics.RateLimitMetrics;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.RateLimit.Unit;
import io.envoyproxy.envoy.type.v3.RateLimitUnit;
import org.junit.jupiter.api.Test;

/** Descriptor lookup as envoyproxy/ratelimit's config tests pin it. */
class MatchingTest {
  final RateLimitMetrics metrics = TestConfigs.metrics();

  RateLimitConfig load(String... files) throws Exception {
    return TestConfigs.load(metrics, false, files);
  }

  @Test
  void basicConfig() throws Exception {
    RateLimitConfig c = load("basic_config.yaml");

    assertThat(c.getLimit("foo_domain", RateLimitDescriptor.getDefaultInstance())).isNull();
    assertThat(metrics.registry().get("ratelimit.service.rate_limit.domain_not_found").tag("domain", "foo_domain")
        .counter().count()).isEqualTo(1);
    assertThat(c.getLimit("test-domain", RateLimitDescriptor.getDefaultInstance())).isNull();
    assertThat(c.getLimit("test-domain", descriptor("key1", "something"))).isNull();
    // key1_value1 has no limit of its own
    assertThat(c.getLimit("test-domain", descriptor("key1", "value1"))).isNull();
    // a limit deeper than the request does not apply
    assertThat(c.getLimit("test-domain", descriptor("key2", "value2", "subkey", "subvalue"))).isNull();
    assertThat(c.getLimit("test-domain", descriptor("key5", "value5", "subkey5", "subvalue"))).isNull();

    MatchedLimit sub = c.getLimit("test-domain", descriptor("key1", "value1", "subkey1", "something"));
    assertThat(sub.primary().requestsPerUnit()).isEqualTo(5);
    assertThat(sub.primary().unit()).isEqualTo(Unit.SECOND);
    assertThat(sub.stats().key()).isEqualTo("test-domain.key1_value1.subkey1");

    MatchedLimit subExact = c.getLimit("test-domain", descriptor("key1", "value1", "subkey1", "subvalue1"));
    assertThat(subExact.primary().requestsPerUnit()).isEqualTo(10);
    assertThat(subExact.stats().key()).isEqualTo("test-domain.key1_value1.subkey1_subvalue1");

    assertThat(c.getLimit("test-domain", descriptor("key2", "something")).stats().key()).isEqualTo("test-domain.key2");
    MatchedLimit v2 = c.getLimit("test-domain", descriptor("key2", "value2"));
    assertThat(v2.primary().requestsPerUnit()).isEqualTo(30);
    assertThat(v2.primary().unit()).isEqualTo(Unit.MINUTE);
    // value3 is listed without a limit: exempt, no fallback to the bare key
    assertThat(c.getLimit("test-domain", descriptor("key2", "value3"))).isNull();

    assertThat(c.getLimit("test-domain", descriptor("key3", "foo")).primary().unit()).isEqualTo(Unit.HOUR);
    MatchedLimit named = c.getLimit("test-domain", descriptor("key4", "foo"));
    assertThat(named.primary().name()).isEqualTo("key4_rate_limit");
    assertThat(named.primary().limit().getName()).isEqualTo("key4_rate_limit");
    assertThat(c.getLimit("test-domain", descriptor("key6", "foo")).unlimited()).isTrue();

    // detailed_metric counts under the request's own values
    assertThat(c.getLimit("test-domain", descriptor("key7", "unspecified_value")).stats().key())
        .isEqualTo("test-domain.key7_unspecified_value");
    assertThat(c.getLimit("test-domain", descriptor("key7", "another_value")).stats().key())
        .isEqualTo("test-domain.key7_another_value");
  }

  @Test
  void noBacktrackingToTheBareKeyOnceAValueMatched() throws Exception {
    RateLimitConfig c = load("basic_config.yaml");
    // key5_value5 matched; its child has only subkey5_subvalue5, so subkey5_other finds nothing,
    // and there is no retry through a bare key5 branch.
    assertThat(c.getLimit("test-domain", descriptor("key5", "value5", "subkey5", "other"))).isNull();
    assertThat(c.getLimit("test-domain", descriptor("key5", "value5", "subkey5", "subvalue5")).primary().requestsPerUnit())
        .isEqualTo(25);
  }

  @Test
  void wildcards() throws Exception {
    RateLimitConfig c = load("wildcard.yaml");
    MatchedLimit noVal1 = c.getLimit("test-domain", descriptor("noVal", "foo1"));
    assertThat(noVal1).isSameAs(c.getLimit("test-domain", descriptor("noVal", "foo2")));
    assertThat(noVal1.stats().key()).isEqualTo("test-domain.noVal");

    MatchedLimit w1 = c.getLimit("test-domain", descriptor("wild", "foo1"));
    assertThat(w1).isSameAs(c.getLimit("test-domain", descriptor("wild", "foo2")));
    assertThat(w1.stats().key()).isEqualTo("test-domain.wild_foo*");
    assertThat(c.getLimit("test-domain", descriptor("nestedWild", "val1", "wild", "goo2")).stats().key())
        .isEqualTo("test-domain.nestedWild_val1.wild_goo*");
    assertThat(c.getLimit("test-domain", descriptor("wild", "bar"))).isNull();
    assertThat(c.getLimit("test-domain", descriptor("noWild", "foo1"))).isNull();

    assertThat(c.getLimit("test-domain", descriptor("midWild", "barab")).stats().key()).isEqualTo("test-domain.midWild_bar*b");
    assertThat(c.getLimit("test-domain", descriptor("midWild", "bar123b"))).isNotNull();
    assertThat(c.getLimit("test-domain", descriptor("midWild", "barb"))).isNotNull();
    assertThat(c.getLimit("test-domain", descriptor("midWild", "bara"))).isNull();
    assertThat(c.getLimit("test-domain", descriptor("midWild", "xbarb"))).isNull();

    assertThat(c.getLimit("test-domain", descriptor("multiWild", "foo123bar456baz")).stats().key())
        .isEqualTo("test-domain.multiWild_foo*bar*baz");
    assertThat(c.getLimit("test-domain", descriptor("multiWild", "foobarbaz"))).isNotNull();
    assertThat(c.getLimit("test-domain", descriptor("multiWild", "foo123baz"))).isNull();
    assertThat(c.getLimit("test-domain", descriptor("multiWild", "bar456baz"))).isNull();
    // overlapping pieces may not share characters
    assertThat(c.getLimit("test-domain", descriptor("multiWild", "foobaz"))).isNull();
  }

  @Test
  void wildcardsAreTriedInConfigOrder() throws Exception {
    RateLimitConfig c = load("wildcard.yaml");
    // "abc" matches both a* and ab*; a* comes first in the file
    assertThat(c.getLimit("test-domain", descriptor("order", "abc")).primary().requestsPerUnit()).isEqualTo(1);
  }

  @Test
  void shadowMode() throws Exception {
    RateLimitConfig c = load("shadowmode_config.yaml");
    assertThat(c.getLimit("test-domain", descriptor("key1", "value1", "subkey1", "x")).shadowMode()).isFalse();
    assertThat(c.getLimit("test-domain", descriptor("key1", "value1", "subkey1", "subvalue1")).shadowMode()).isTrue();
    MatchedLimit k2 = c.getLimit("test-domain", descriptor("key2", "x"));
    assertThat(k2.shadowMode()).isTrue();
    assertThat(k2.primary().requestsPerUnit()).isEqualTo(20);
  }

  @Test
  void limitOverrideAppliesOnlyInAKnownDomain() throws Exception {
    RateLimitConfig c = load("basic_config.yaml");
    RateLimitDescriptor d = descriptor("key1", "value1", "subkey1", "something").toBuilder()
        .setLimit(RateLimitDescriptor.RateLimitOverride.newBuilder().setRequestsPerUnit(42).setUnit(RateLimitUnit.HOUR))
        .build();
    assertThat(c.getLimit("foo_domain", d)).isNull();
    MatchedLimit m = c.getLimit("test-domain", d);
    assertThat(m.primary().requestsPerUnit()).isEqualTo(42);
    assertThat(m.primary().unit()).isEqualTo(Unit.HOUR);
    assertThat(m.shadowMode()).isFalse();
    assertThat(m.stats().key()).isEqualTo("test-domain.key1_value1.subkey1_something");
    RateLimitDescriptor bad = d.toBuilder().setLimit(d.getLimit().toBuilder().setUnit(RateLimitUnit.UNKNOWN)).build();
    assertThatThrownBy(() -> c.getLimit("test-domain", bad)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unit UNKNOWN");
  }

  @Test
  void detailedMetricCountsUnderTheRequestsValues() throws Exception {
    RateLimitConfig c = load("detailed_metric.yaml");
    assertThat(c.getLimit("nested", descriptor("key_1", "value-for-key-1")).stats().key())
        .isEqualTo("nested.key_1_value-for-key-1");
    assertThat(c.getLimit("nested", descriptor("key_2", "key-2-value")).stats().key())
        .isEqualTo("nested.key_2_key-2-value");
    assertThat(c.getLimit("nested", descriptor("key_2", "key-2-value", "key_3", "requested-key3-value")).stats().key())
        .isEqualTo("nested.key_2_key-2-value.key_3_requested-key3-value");
    // a configured value without detailed_metric keeps the configured key
    assertThat(c.getLimit("nested", descriptor("key_1", "some-value-for-key-1")).stats().key())
        .isEqualTo("nested.key_1_some-value-for-key-1");
  }

  @Test
  void nestedDetailedMetricOnlyWhereTheMatchedNodeAsksForIt() throws Exception {
    String detailed = """
        domain: nested
        descriptors:
          - key: key-1
            detailed_metric: true
            rate_limit: {unit: minute, requests_per_unit: 100}
            descriptors:
              - key: key-2
                detailed_metric: %s
                rate_limit: {unit: minute, requests_per_unit: 5}
        """;
    RateLimitConfig on = InlineConfig.load(detailed.formatted("true"));
    assertThat(on.getLimit("nested", descriptor("key-1", "value-1")).stats().key()).isEqualTo("nested.key-1_value-1");
    assertThat(on.getLimit("nested", descriptor("key-1", "value-1", "key-2", "value-2")).stats().key())
        .isEqualTo("nested.key-1_value-1.key-2_value-2");
    RateLimitConfig off = InlineConfig.load(detailed.formatted("false").replace(
        "    detailed_metric: true\n    rate_limit: {unit: minute, requests_per_unit: 100}",
        "    rate_limit: {unit: minute, requests_per_unit: 100}"));
    assertThat(off.getLimit("nested", descriptor("key-1", "value-1")).stats().key()).isEqualTo("nested.key-1");
    assertThat(off.getLimit("nested", descriptor("key-1", "value-1", "key-2", "value-2")).stats().key())
        .isEqualTo("nested.key-1.key-2");
  }

  @Test
  void valueToMetricUsesRuntimeValues() throws Exception {
    RateLimitConfig c = load("value_to_metric.yaml");
    MatchedLimit m = c.getLimit("domain", descriptor("route", "draw", "http_method", "GET", "subject_id", "123"));
    assertThat(m.stats().key()).isEqualTo("domain.route_draw.http_method_GET.subject_id");
  }

  @Test
  void shareThresholdSharesOneCounterAcrossValues() throws Exception {
    RateLimitConfig c = load("share_threshold.yaml");
    MatchedLimit a = c.getLimit("test-domain", descriptor("files", "files/a.pdf"));
    MatchedLimit b = c.getLimit("test-domain", descriptor("files", "files/b.csv"));
    assertThat(a.shareThresholdValues()).containsExactly("files/*");
    assertThat(b.shareThresholdValues()).containsExactly("files/*");
    assertThat(a.stats().key()).isEqualTo("test-domain.files_files/*");
    // an explicit value beats the shared wildcard
    MatchedLimit exact = c.getLimit("test-domain", descriptor("file", "test1"));
    assertThat(exact.primary().requestsPerUnit()).isEqualTo(50);
    assertThat(exact.shareThresholdValues()).isNull();
    assertThat(c.getLimit("test-domain", descriptor("file", "test2")).primary().requestsPerUnit()).isEqualTo(100);
    // with detailed_metric the shared entry keeps its pattern in the stats key
    MatchedLimit detailed = c.getLimit("test-domain", descriptor("service", "svc/users", "endpoint", "get"));
    assertThat(detailed.stats().key()).isEqualTo("test-domain.service_svc/*.endpoint_get");
    assertThat(detailed.shareThresholdValues()).containsExactly("svc/*", null);
  }

  @Test
  void metadataIsCarriedOnTheMatchedLimit() throws Exception {
    RateLimitConfig c = load("metadata.yaml");
    assertThat(c.getLimit("test-domain", descriptor("key1", "value1", "subkey1", "x")).metadata()
        .getFieldsOrThrow("name").getStringValue()).isEqualTo("service_1");
    assertThat(c.getLimit("test-domain", descriptor("key2", "x")).metadata()
        .getFieldsOrThrow("service_with_quota").getStructValue().getFieldsOrThrow("name").getStringValue())
        .isEqualTo("service_2");
  }

  @Test
  void dumpListsEveryLimit() throws Exception {
    String dump = load("basic_config.yaml").dump();
    assertThat(dump).contains("test-domain.key1_value1.subkey1: unit=SECOND requests_per_unit=5, shadow_mode: false, quota_mode: false\n");
    assertThat(dump).contains("test-domain.key2_value2: unit=MINUTE requests_per_unit=30");
  }
}
