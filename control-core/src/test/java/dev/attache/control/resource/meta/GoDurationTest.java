package dev.attache.control.resource.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go's time.ParseDuration and Duration.String, as Envoy Gateway's IR reads and prints them. */
class GoDurationTest {
  private static final long SECOND = 1_000_000_000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;

  @ParameterizedTest
  @CsvSource({
      "0, 0", "-0, 0", "+0, 0", "5s, 5000000000", "-5s, -5000000000", "+5s, 5000000000",
      "5.6s, 5600000000", "5.s, 5000000000", ".5s, 500000000", "1.004s, 1004000000",
      "100.00100s, 100001000000", "10ns, 10", "11us, 11000", "12µs, 12000", "12μs, 12000",
      "13ms, 13000000", "15m, 900000000000", "16h, 57600000000000", "3h30m, 12600000000000",
      "10.5s4m, 250500000000", "-2m3.4s, -123400000000", "1h2m3s4ms5us6ns, 3723004005006",
      "52763797000ns, 52763797000", "0.3333333333333333333h, 1200000000000",
      "9007199254740993ns, 9007199254740993", "9223372036854775807ns, 9223372036854775807",
      "9223372036854775.807us, 9223372036854775807", "9223372036s854ms775us807ns, 9223372036854775807",
      "-9223372036854775808ns, -9223372036854775808", "-2562047h47m16.854775808s, -9223372036854775808",
      "0.100000000000000000000h, 360000000000", "0.830103483285477580700h, 2988372539827",
  })
  void readsAsTimeParseDuration(String text, long nanos) {
    assertThat(GoDuration.parse(text).nanos()).isEqualTo(nanos);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
      ''                     | time: invalid duration ""
      -                      | time: invalid duration "-"
      s                      | time: invalid duration "s"
      .                      | time: invalid duration "."
      -.                     | time: invalid duration "-."
      .s                     | time: invalid duration ".s"
      +.s                    | time: invalid duration "+.s"
      1.5.s                  | time: missing unit in duration "1.5.s"
      3                      | time: missing unit in duration "3"
      1d                     | time: unknown unit "d" in duration "1d"
      10mib                  | time: unknown unit "mib" in duration "10mib"
      1é                     | time: unknown unit "\\xc3\\xa9" in duration "1\\xc3\\xa9"
      9223372036854775808ns  | time: invalid duration "9223372036854775808ns"
      9223372036854775.808us | time: invalid duration "9223372036854775.808us"
      -9223372036854775809ns | time: invalid duration "-9223372036854775809ns"
      """)
  void rejectsWithGosMessage(String text, String message) {
    assertThatThrownBy(() -> GoDuration.parse(text))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    assertThat(GoDuration.tryParse(text)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
      "0, 0s", "1, 1ns", "1100, 1.1µs", "2200000, 2.2ms", "3300000000, 3.3s", "245000000000, 4m5s",
      "245001000000, 4m5.001s", "18367001000000, 5h6m7.001s", "480000000001, 8m0.000000001s",
      "3600000000000, 1h0m0s", "3605000000000, 1h0m5s", "-1500000, -1.5ms",
      "9223372036854775807, 2562047h47m16.854775807s", "-9223372036854775808, -2562047h47m16.854775808s",
  })
  void writesAsDurationString(long nanos, String text) {
    assertThat(GoDuration.ofNanos(nanos)).hasToString(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1h30m", "90m", "5400s", "1.5h"})
  void equalLengthsAreEqualWhateverTheText(String text) {
    assertThat(GoDuration.parse(text)).isEqualTo(GoDuration.ofNanos(90 * MINUTE)).hasToString("1h30m0s");
  }

  @Test
  void convertsToJavaAndProtobufDurations() {
    GoDuration d = GoDuration.parse("-1.5s");
    assertThat(d.toJavaDuration()).isEqualTo(java.time.Duration.ofMillis(-1500));
    assertThat(d.toProto().getSeconds()).isEqualTo(-1);
    assertThat(d.toProto().getNanos()).isEqualTo(-500_000_000);
    assertThat(GoDuration.of(java.time.Duration.ofHours(2))).isEqualTo(GoDuration.ofNanos(2 * HOUR));
  }

  @Test
  void jsonIsTheGoText() throws Exception {
    JsonMapper json = JsonMapper.builder().build();
    assertThat(json.writeValueAsString(GoDuration.parse("90s"))).isEqualTo("\"1m30s\"");
    assertThat(json.readValue("\"250ms\"", GoDuration.class)).isEqualTo(GoDuration.ofNanos(250_000_000));
    assertThatThrownBy(() -> json.readValue("\"ten seconds\"", GoDuration.class))
        .hasMessageContaining("time: invalid duration \"ten seconds\"");
  }
}
