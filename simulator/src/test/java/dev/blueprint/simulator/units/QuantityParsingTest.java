package dev.blueprint.simulator.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuantityParsingTest {
  @Test
  void readsTheHumanFormsOfEveryQuantity() {
    assertThat(DataSize.parse("80GiB").bytes()).isEqualTo(80.0 * 1024 * 1024 * 1024);
    assertThat(Bandwidth.parse("3.35TB/s").bytesPerSecond()).isEqualTo(3.35e12);
    assertThat(FlopRate.parse("989TFLOPS").flopPerSecond()).isEqualTo(989e12);
    assertThat(TimeSpan.parse("2ms").seconds()).isEqualTo(0.002);
    assertThat(RequestRate.parse("1M/s").perSecond()).isEqualTo(1e6);
    assertThat(MoneyRate.parse("$2.49/h").dollarsPerHour()).isCloseTo(2.49, Offset.offset(1e-12));
    assertThat(Power.parse("700W").watts()).isEqualTo(700);
    assertThat(Money.parse("$1999").dollars()).isEqualTo(1999);
    assertThat(Counts.parse("8.03B")).isEqualTo(8.03e9);
  }

  @ParameterizedTest
  @CsvSource({
    "1kB, 1000",
    "1KiB, 1024",
    "1MB, 1000000",
    "1MiB, 1048576",
    "1GB, 1000000000",
    "1GiB, 1073741824",
    "1TB, 1000000000000",
    "1TiB, 1099511627776",
    "400Gbit, 50000000000",
  })
  void decimalAndBinaryPrefixesAreExact(String text, double bytes) {
    assertThat(DataSize.parse(text).bytes()).isEqualTo(bytes);
  }

  @Test
  void linkSpeedsInBitsAreConvertedToBytes() {
    assertThat(Bandwidth.parse("400Gb/s").bytesPerSecond()).isEqualTo(50e9);
  }

  @Test
  void aBarePrefixIsRejectedAndTheMessageListsTheAcceptedUnits() {
    assertThatThrownBy(() -> DataSize.parse("80G"))
        .isInstanceOf(QuantityFormatException.class)
        .hasMessageContaining("got '80G'")
        .hasMessageContaining("GiB")
        .hasMessageContaining("GB");
  }

  @Test
  void aWrongUnitNamesWhatWasExpected() {
    assertThatThrownBy(() -> Bandwidth.parse("3.35TB"))
        .hasMessageContaining("expected a bandwidth such as 3.35TB/s")
        .hasMessageContaining("TB/s")
        .hasMessageContaining("got '3.35TB'");
  }

  @Test
  void unitsAreCaseSensitiveAndTheMessageSaysSo() {
    assertThatThrownBy(() -> TimeSpan.parse("2MS")).hasMessageContaining("did you mean 'ms'");
  }

  @Test
  void negativeSizesAndRatesAreRejected() {
    assertThatThrownBy(() -> DataSize.parse("-1GB")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Bandwidth(-1)).hasMessageContaining("not negative");
    assertThatThrownBy(() -> new TimeSpan(Double.NaN)).hasMessageContaining("finite");
  }

  @Test
  void moneyNeedsItsDollarSign() {
    assertThatThrownBy(() -> MoneyRate.parse("2.49/h")).hasMessageContaining("$2.49/h");
  }

  @Test
  void everyQuantityPrintsAFormThatParsesBackToTheSameValue() {
    Random random = new Random(42);
    for (int i = 0; i < 2000; i++) {
      double v = Math.pow(10, random.nextDouble() * 30 - 12) * (1 + random.nextDouble());
      assertThat(DataSize.parse(new DataSize(v).toString()).bytes()).isEqualTo(v);
      assertThat(Bandwidth.parse(new Bandwidth(v).toString()).bytesPerSecond()).isEqualTo(v);
      assertThat(FlopRate.parse(new FlopRate(v).toString()).flopPerSecond()).isEqualTo(v);
      assertThat(FlopCount.parse(new FlopCount(v).toString()).flop()).isEqualTo(v);
      assertThat(TimeSpan.parse(new TimeSpan(v).toString()).seconds()).isEqualTo(v);
      assertThat(RequestRate.parse(new RequestRate(v).toString()).perSecond()).isEqualTo(v);
      assertThat(MoneyRate.parse(new MoneyRate(v).toString()).dollarsPerSecond()).isEqualTo(v);
      assertThat(Power.parse(new Power(v).toString()).watts()).isEqualTo(v);
      assertThat(Money.parse(new Money(-v).toString()).dollars()).isEqualTo(-v);
    }
  }

  @Test
  void printsWithTheLargestFittingPrefix() {
    assertThat(DataSize.parse("80GB").toString()).isEqualTo("80GB");
    assertThat(Bandwidth.parse("3.35TB/s").toString()).isEqualTo("3.35TB/s");
    assertThat(TimeSpan.parse("2ms").toString()).isEqualTo("2ms");
    assertThat(MoneyRate.parse("$2.49/h").toString()).isEqualTo("$2.49/h");
  }

  @Test
  void namedProductsGiveTimesAndIntensities() {
    assertThat(FlopCount.parse("989TFLOP").over(FlopRate.parse("989TFLOPS")).seconds())
        .isEqualTo(1.0);
    assertThat(DataSize.parse("3.35TB").over(Bandwidth.parse("3.35TB/s")).seconds()).isEqualTo(1.0);
    assertThat(FlopCount.parse("100GFLOP").per(DataSize.parse("1GB"))).isEqualTo(100.0);
    assertThat(MoneyRate.parse("$2/h").times(TimeSpan.parse("3h")).dollars())
        .isCloseTo(6.0, Offset.offset(1e-9));
    assertThat(MoneyRate.parse("$1/h").dollarsPerMonth()).isCloseTo(730.0, Offset.offset(1e-9));
  }

  @Test
  void precisionsCarryTheirWidthInBitsIncludingInt4() {
    assertThat(Precision.INT4.bytesPerElement()).isEqualTo(0.5);
    assertThat(Precision.parse("BF16")).isEqualTo(Precision.BF16);
    assertThatThrownBy(() -> Precision.parse("fp12")).hasMessageContaining("fp32, tf32, bf16");
  }
}
