package dev.attache.control.resource.meta;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** apimachinery's quantity rules: canonical forms, kept canonical text, whole numbers, errors. */
class QuantityTest {
  @ParameterizedTest
  @CsvSource({
      "1000G, 1T", "1000M, 1G", "0.001T, 1G", "1024Mi, 1Gi", "307200Ki, 300Mi", "1.5Gi, 1536Mi", "5000m, 5",
      "0.5, 500m", "1.08, 1080m", "1080000000n, 1080m", "1000u, 1m", ".001e12, 1e9", "0.001e0, 1e-3",
      "1000e-12, 1e-9", "00, 0", ".001Ki, 1024m", ".000000000001Ki, 2n", "0.1Ki, 102400m", "-1000G, -1T",
  })
  void writesTheCanonicalForm(String in, String canonical) {
    assertThat(Quantity.parse(in)).hasToString(canonical);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1Gi", "300Mi", "6Ki", "1025", "1080m", "1234567M", "3k", "1e3", "80e-3", "1n", "+1G", "01G"})
  void keepsTextThatIsCanonicalAlready(String in) {
    assertThat(Quantity.parse(in)).hasToString(in);
  }

  @ParameterizedTest
  @CsvSource({"1Ki, 1024", "4Mi, 4194304", "10k, 10000", "1.5G, 1500000000", "1000G, 1000000000000", "2e3, 2000", "-1k, -1000", "0, 0"})
  void wholeNumbers(String in, long value) {
    assertThat(Quantity.parse(in).asLong()).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1500m", "100m", "0.3Ki", "100E"})
  void notAWholeInt64(String in) {
    assertThat(Quantity.parse(in).asLong()).isNull();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      abc | quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
      1Q  | quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
      1e  | unable to parse quantity's suffix
      1Kx | quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'
      """)
  void rejectsWhatApimachineryRejects(String in, String message) {
    assertThatThrownBy(() -> Quantity.parse(in)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
