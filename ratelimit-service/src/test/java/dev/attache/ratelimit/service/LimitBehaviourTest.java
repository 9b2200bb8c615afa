package dev.attache.ratelimit.service;

import static dev.attache.ratelimit.TestConfigs.descriptor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.UInt64Value;
import dev.attache.ratelimit.MutableClock;
import dev.attache.ratelimit.TestConfigs;
import dev.attache.ratelimit.limiter.CounterBackend;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.Code;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse.DescriptorStatus;
import io.envoyproxy.envoy.type.v3.RateLimitUnit;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What Envoy sees from ShouldRateLimit, over gRPC on loopback. Each backend runs the same tests
 * through a subclass.
 */
abstract class LimitBehaviourTest {
  static final String CONFIG = "service_config.yaml";
  private final List<RateLimitServer> servers = new ArrayList<>();

  /** The backend under test, on the test's clock. */
  abstract Function<MutableClock, CounterBackend> backend();

  /** A fresh key prefix so tests sharing one Redis never see each other's counters. */
  String prefix() {
    return "t" + System.nanoTime() + "_";
  }

  RateLimitServer server(ServiceSettings settings) throws Exception {
    RateLimitServer s = new RateLimitServer(backend(), settings, 0, prefix(), CONFIG);
    servers.add(s);
    return s;
  }

  RateLimitServer server() throws Exception {
    return server(ServiceSettings.defaults());
  }

  @AfterEach
  void stop() throws Exception {
    for (RateLimitServer s : servers) {
      s.close();
    }
  }

  static RateLimitRequest request(RateLimitDescriptor... descriptors) {
    return RateLimitRequest.newBuilder().setDomain("svc").addAllDescriptors(List.of(descriptors)).build();
  }

  static RateLimitRequest request(String key) {
    return request(descriptor(key, "v"));
  }

  static long remaining(DescriptorStatus s) {
    return Integer.toUnsignedLong(s.getLimitRemaining());
  }

  @Test
  void fixedWindowCountsUpToTheLimitThenResetsAtTheMinuteBoundary() throws Exception {
    RateLimitServer s = server();
    long now = s.clock.millis() / 1000;
    for (int i = 1; i <= 10; i++) {
      RateLimitResponse r = s.call(request("per_minute"));
      assertThat(r.getOverallCode()).isEqualTo(Code.OK);
      assertThat(remaining(r.getStatuses(0))).isEqualTo(10 - i);
      assertThat(r.getStatuses(0).getCurrentLimit().getRequestsPerUnit()).isEqualTo(10);
      assertThat(r.getStatuses(0).getDurationUntilReset().getSeconds()).isEqualTo(60 - now % 60);
    }
    RateLimitResponse over = s.call(request("per_minute"));
    assertThat(over.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(over.getStatuses(0).getCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(remaining(over.getStatuses(0))).isZero();

    s.clock.advanceSeconds(60 - now % 60 - 1);
    assertThat(s.call(request("per_minute")).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    s.clock.advanceSeconds(1);
    RateLimitResponse fresh = s.call(request("per_minute"));
    assertThat(fresh.getOverallCode()).isEqualTo(Code.OK);
    assertThat(remaining(fresh.getStatuses(0))).isEqualTo(9);
    assertThat(fresh.getStatuses(0).getDurationUntilReset().getSeconds()).isEqualTo(60);
  }

  @Test
  void hitsAddendFromTheDescriptorWinsAndZeroOnlyChecks() throws Exception {
    RateLimitServer s = server();
    RateLimitRequest four = request("per_minute").toBuilder().setHitsAddend(4).build();
    assertThat(remaining(s.call(four).getStatuses(0))).isEqualTo(6);
    RateLimitRequest checkOnly = request(descriptor("per_minute", "v").toBuilder()
        .setHitsAddend(UInt64Value.of(0)).build()).toBuilder().setHitsAddend(4).build();
    assertThat(remaining(s.call(checkOnly).getStatuses(0))).isEqualTo(6);
    RateLimitRequest three = request(descriptor("per_minute", "v").toBuilder().setHitsAddend(UInt64Value.of(3)).build());
    assertThat(remaining(s.call(three).getStatuses(0))).isEqualTo(3);
    // the request's hits_addend 0 (unset) counts as 1
    assertThat(remaining(s.call(request("per_minute")).getStatuses(0))).isEqualTo(2);
    RateLimitResponse tooMuch = s.call(request("per_minute").toBuilder().setHitsAddend(3).build());
    assertThat(tooMuch.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    // over_limit counts only the hits above the limit; near_limit the ones between 8 and 10
    assertThat(TestConfigs.stat(s.metrics, "svc.per_minute", "over_limit")).isEqualTo(1);
    assertThat(TestConfigs.stat(s.metrics, "svc.per_minute", "total_hits")).isEqualTo(11);
  }

  @Test
  void nearLimitAndWithinLimitStats() throws Exception {
    RateLimitServer s = server();
    for (int i = 0; i < 11; i++) {
      s.call(request("per_minute"));
    }
    assertThat(TestConfigs.stat(s.metrics, "svc.per_minute", "total_hits")).isEqualTo(11);
    assertThat(TestConfigs.stat(s.metrics, "svc.per_minute", "within_limit")).isEqualTo(10);
    assertThat(TestConfigs.stat(s.metrics, "svc.per_minute", "near_limit")).isEqualTo(2);
    assertThat(TestConfigs.stat(s.metrics, "svc.per_minute", "over_limit")).isEqualTo(1);
  }

  @Test
  void zeroRequestsPerUnitIsAlwaysOver() throws Exception {
    RateLimitServer s = server();
    RateLimitResponse r = s.call(request("zero"));
    assertThat(r.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(r.getStatuses(0).getCurrentLimit().getRequestsPerUnit()).isZero();
  }

  @Test
  void unlimitedAnswersMaxRemainingWithoutALimit() throws Exception {
    RateLimitServer s = server();
    for (int i = 0; i < 3; i++) {
      DescriptorStatus st = s.call(request("open")).getStatuses(0);
      assertThat(st.getCode()).isEqualTo(Code.OK);
      assertThat(remaining(st)).isEqualTo(4_294_967_295L);
      assertThat(st.hasCurrentLimit()).isFalse();
    }
  }

  @Test
  void statusesComeInRequestOrderAndAnyOverMakesTheAnswerOver() throws Exception {
    RateLimitServer s = server();
    RateLimitResponse r = s.call(request(descriptor("per_minute", "v"), descriptor("zero", "v"), descriptor("nothing", "v")));
    assertThat(r.getStatusesList()).extracting(DescriptorStatus::getCode).containsExactly(Code.OK, Code.OVER_LIMIT, Code.OK);
    assertThat(r.getStatuses(2).hasCurrentLimit()).isFalse();
    assertThat(r.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
  }

  @Test
  void aLimitDeeperThanTheRequestDoesNotApply() throws Exception {
    RateLimitServer s = server();
    assertThat(s.call(request(descriptor("parent", "p"))).getStatuses(0).hasCurrentLimit()).isFalse();
    assertThat(s.call(request(descriptor("parent", "p", "child", "c"))).getStatuses(0).getCurrentLimit()
        .getRequestsPerUnit()).isEqualTo(2);
  }

  @Test
  void replacedLimitsAreNotCounted() throws Exception {
    RateLimitServer s = server();
    for (int i = 0; i < 3; i++) {
      RateLimitResponse r = s.call(request(descriptor("old", "v"), descriptor("new", "v")));
      assertThat(r.getOverallCode()).isEqualTo(Code.OK);
      assertThat(r.getStatuses(0).hasCurrentLimit()).isFalse();
      assertThat(r.getStatuses(1).getCurrentLimit().getName()).isEqualTo("new");
    }
    assertThat(s.call(request("old")).getOverallCode()).isEqualTo(Code.OK);
    assertThat(s.call(request("old")).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
  }

  @Test
  void shadowModeRuleAnswersOkAndCountsShadowHits() throws Exception {
    RateLimitServer s = server();
    s.call(request("shadow"));
    RateLimitResponse r = s.call(request("shadow"));
    assertThat(r.getOverallCode()).isEqualTo(Code.OK);
    assertThat(r.getStatuses(0).getCode()).isEqualTo(Code.OK);
    assertThat(TestConfigs.stat(s.metrics, "svc.shadow", "shadow_mode")).isEqualTo(1);
    assertThat(TestConfigs.stat(s.metrics, "svc.shadow", "over_limit")).isEqualTo(1);
  }

  @Test
  void globalShadowModeTurnsOverIntoOk() throws Exception {
    RateLimitServer s = server(ServiceSettings.defaults().withGlobalShadowMode(true));
    RateLimitResponse r = s.call(request("zero"));
    assertThat(r.getOverallCode()).isEqualTo(Code.OK);
    assertThat(r.getStatuses(0).getCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(s.metrics.globalShadowMode().count()).isEqualTo(1);
  }

  @Test
  void quotaModeIsOverOnlyWhenEveryQuotaIs() throws Exception {
    RateLimitServer s = server();
    s.call(request("quota"));
    RateLimitResponse oneOfTwo = s.call(request(descriptor("quota", "v"), descriptor("quota2", "v")));
    assertThat(oneOfTwo.getStatuses(0).getCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(oneOfTwo.getOverallCode()).isEqualTo(Code.OK);
    RateLimitResponse all = s.call(request(descriptor("quota", "v"), descriptor("quota2", "v")));
    assertThat(all.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
  }

  @Test
  void responseHeadersDescribeTheDescriptorClosestToItsLimit() throws Exception {
    RateLimitServer s = server(ServiceSettings.defaults().withResponseHeaders(true));
    s.call(request("meta"));
    RateLimitResponse r = s.call(request(descriptor("per_minute", "v"), descriptor("meta", "v")));
    long reset = 60 - (s.clock.millis() / 1000) % 60;
    assertThat(r.getResponseHeadersToAddList()).extracting(HeaderValue::getKey, HeaderValue::getValue).containsExactly(
        org.assertj.core.groups.Tuple.tuple("RateLimit-Limit", "5"),
        org.assertj.core.groups.Tuple.tuple("RateLimit-Remaining", "3"),
        org.assertj.core.groups.Tuple.tuple("RateLimit-Reset", Long.toString(reset)));
    assertThat(server().call(request("per_minute")).getResponseHeadersToAddList()).isEmpty();
  }

  @Test
  void dynamicMetadataCarriesConfiguredMetadataOfPassedDescriptors() throws Exception {
    RateLimitServer s = server(ServiceSettings.defaults().withDynamicMetadata(true));
    RateLimitResponse r = s.call(request(descriptor("meta", "v"), descriptor("zero", "v")).toBuilder().setHitsAddend(2).build());
    var fields = r.getDynamicMetadata().getFieldsMap();
    assertThat(fields.get("domain").getStringValue()).isEqualTo("svc");
    assertThat(fields.get("hitsAddend").getNumberValue()).isEqualTo(2);
    assertThat(fields.get("descriptors").getListValue().getValues(0).getStructValue().getFieldsMap()
        .get("entries").getListValue().getValues(0).getStringValue()).isEqualTo("meta=v");
    assertThat(fields.get("metadata").getStructValue().getFieldsMap().get("tier").getStringValue()).isEqualTo("gold");
  }

  @Test
  void limitOverrideFromTheRequestIsUsed() throws Exception {
    RateLimitServer s = server();
    RateLimitDescriptor d = descriptor("per_minute", "v").toBuilder()
        .setLimit(RateLimitDescriptor.RateLimitOverride.newBuilder().setRequestsPerUnit(1).setUnit(RateLimitUnit.HOUR))
        .build();
    assertThat(s.call(request(d)).getStatuses(0).getCurrentLimit().getUnit().name()).isEqualTo("HOUR");
    assertThat(s.call(request(d)).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(s.call(request("per_minute")).getOverallCode()).isEqualTo(Code.OK);
  }

  @Test
  void emptyDomainOrDescriptorsIsAnError() throws Exception {
    RateLimitServer s = server();
    assertThatThrownBy(() -> s.call(RateLimitRequest.newBuilder().addDescriptors(descriptor("k", "v")).build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
          assertThat(e.getStatus().getDescription()).isEqualTo("rate limit domain must not be empty");
        });
    assertThatThrownBy(() -> s.call(RateLimitRequest.newBuilder().setDomain("svc").build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).isEqualTo("rate limit descriptor list must not be empty"));
    assertThat(s.metrics.serviceError().count()).isEqualTo(2);
  }

  @Test
  void shareThresholdValuesShareOneCounter() throws Exception {
    RateLimitServer s = server();
    assertThat(remaining(s.call(request(descriptor("files", "files/a.pdf"))).getStatuses(0))).isEqualTo(1);
    assertThat(remaining(s.call(request(descriptor("files", "files/b.csv"))).getStatuses(0))).isZero();
    assertThat(s.call(request(descriptor("files", "files/c"))).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(TestConfigs.stat(s.metrics, "svc.files_files/*", "total_hits")).isEqualTo(3);
  }

  @Test
  void tokenBucketAllowsABurstThenRefillsAtTheRate() throws Exception {
    RateLimitServer s = server();
    for (int i = 1; i <= 5; i++) {
      DescriptorStatus st = s.call(request("burst")).getStatuses(0);
      assertThat(st.getCode()).isEqualTo(Code.OK);
      assertThat(remaining(st)).isEqualTo(5 - i);
    }
    assertThat(s.call(request("burst")).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    s.clock.advanceSeconds(1);
    assertThat(s.call(request("burst")).getOverallCode()).isEqualTo(Code.OK);
    assertThat(s.call(request("burst")).getOverallCode()).isEqualTo(Code.OK);
    DescriptorStatus over = s.call(request("burst")).getStatuses(0);
    assertThat(over.getCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(over.getDurationUntilReset().getSeconds()).isEqualTo(1);
    // a cost larger than the burst never fits
    assertThat(s.call(request("burst").toBuilder().setHitsAddend(6).build()).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
  }

  /** envoyproxy/ratelimit#107, #262, #693: 3 per second and 5 per day on one descriptor. */
  @Test
  void severalLimitsOnOneDescriptorAllApply() throws Exception {
    RateLimitServer s = server();
    for (int i = 0; i < 3; i++) {
      assertThat(s.call(request("both")).getOverallCode()).isEqualTo(Code.OK);
    }
    DescriptorStatus perSecond = s.call(request("both")).getStatuses(0);
    assertThat(perSecond.getCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(perSecond.getCurrentLimit().getUnit().name()).isEqualTo("SECOND");
    s.clock.advanceSeconds(1);
    // 4 of the day's 5 are used (the refused call counted too, as fixed windows do)
    DescriptorStatus lastOfDay = s.call(request("both")).getStatuses(0);
    assertThat(lastOfDay.getCode()).isEqualTo(Code.OK);
    assertThat(lastOfDay.getCurrentLimit().getUnit().name()).isEqualTo("DAY");
    assertThat(remaining(lastOfDay)).isZero();
    s.clock.advanceSeconds(1);
    DescriptorStatus perDay = s.call(request("both")).getStatuses(0);
    assertThat(perDay.getCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(perDay.getCurrentLimit().getUnit().name()).isEqualTo("DAY");
  }

  /** envoyproxy/ratelimit#190: a window of 15 minutes. */
  @Test
  void unitMultiplierMakesFifteenMinuteWindows() throws Exception {
    RateLimitServer s = server();
    long now = s.clock.millis() / 1000;
    for (int i = 0; i < 4; i++) {
      assertThat(s.call(request("quarter")).getStatuses(0).getDurationUntilReset().getSeconds()).isEqualTo(900 - now % 900);
    }
    assertThat(s.call(request("quarter")).getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    s.clock.advanceSeconds(900 - now % 900);
    assertThat(s.call(request("quarter")).getOverallCode()).isEqualTo(Code.OK);
  }

  @Test
  void stopIncrementWhenOverLimitChargesOnlyTheLimitsExceeded() throws Exception {
    RateLimitServer charging = server();
    charging.call(request(descriptor("per_minute", "v"), descriptor("zero", "v")));
    assertThat(remaining(charging.call(request("per_minute")).getStatuses(0))).isEqualTo(8);

    RateLimitServer s = new RateLimitServer(backend(), ServiceSettings.defaults(), 0, true, prefix(), CONFIG);
    servers.add(s);
    RateLimitResponse refused = s.call(request(descriptor("per_minute", "v"), descriptor("zero", "v")));
    assertThat(refused.getOverallCode()).isEqualTo(Code.OVER_LIMIT);
    assertThat(remaining(s.call(request("per_minute")).getStatuses(0))).isEqualTo(9);
  }

  @Test
  void localCacheAnswersKnownOverLimitKeysWithoutAskingTheBackend() throws Exception {
    String prefix = prefix();
    RateLimitServer s = new RateLimitServer(backend(), ServiceSettings.defaults(), 1 << 20, prefix, CONFIG);
    servers.add(s);
    s.call(request("zero"));
    s.call(request("zero"));
    s.call(request("zero"));
    assertThat(TestConfigs.stat(s.metrics, "svc.zero", "over_limit")).isEqualTo(3);
    assertThat(TestConfigs.stat(s.metrics, "svc.zero", "over_limit_with_local_cache")).isEqualTo(2);
    // only the first call reached the counters
    var rule = s.config.getLimit("svc", descriptor("zero", "v")).primary();
    String key = prefix + "svc_zero_v_" + s.clock.millis() / 1000;
    long counted = s.engine.backend().apply(List.of(new dev.attache.ratelimit.limiter.CounterOp(key, rule, 0, s.clock.millis())))
        .join()[0];
    assertThat(counted).isEqualTo(1);
  }
}
