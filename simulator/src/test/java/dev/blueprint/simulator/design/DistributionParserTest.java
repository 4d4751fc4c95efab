package dev.blueprint.simulator.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.units.TimeSpan;
import java.util.Arrays;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

class DistributionParserTest {
  private final DistributionParser times =
      new DistributionParser(
          text -> TimeSpan.parse(text).seconds(),
          name -> {
            throw new IllegalArgumentException("no files here");
          });

  @Test
  void everyFormReadsToTheRightMoments() {
    assertThat(times.parse("exponential(mean=5ms)").mean()).isCloseTo(0.005, within(1e-15));
    assertThat(times.parse("deterministic(2ms)").variance()).isZero();
    assertThat(times.parse("2ms")).isEqualTo(new Distribution.Deterministic(0.002));
    Distribution lognormal = times.parse("lognormal(mean=10ms, cv=0.5)");
    assertThat(lognormal.mean()).isCloseTo(0.010, within(1e-12));
    assertThat(lognormal.scv()).isCloseTo(0.25, within(1e-12));
    Distribution gamma = times.parse("gamma(shape=4, scale=2.5ms)");
    assertThat(gamma.mean()).isCloseTo(0.010, within(1e-12));
    assertThat(gamma.scv()).isCloseTo(0.25, within(1e-12));
    assertThat(times.parse("uniform(min=1ms, max=3ms)").mean()).isCloseTo(0.002, within(1e-15));
    assertThat(times.parse("empirical(1ms, 2ms, 6ms)").mean()).isCloseTo(0.003, within(1e-15));
  }

  @Test
  void aLognormalFromMedianAndP99HasThosePercentiles() {
    Distribution d = times.parse("lognormal(median=8ms, p99=40ms)");
    var sampler = d.sampler(RandomSource.XO_RO_SHI_RO_128_PP.create(1L));
    double[] x = new double[200_000];
    for (int i = 0; i < x.length; i++) {
      x[i] = sampler.sample();
    }
    Arrays.sort(x);
    assertThat(x[x.length / 2]).isCloseTo(0.008, within(0.008 * 0.02));
    assertThat(x[(int) (x.length * 0.99)]).isCloseTo(0.040, within(0.040 * 0.03));
  }

  @Test
  void samplersDrawTheStatedMean() {
    for (String text :
        new String[] {
          "exponential(mean=5ms)",
          "gamma(mean=5ms, cv=2)",
          "lognormal(mean=5ms, cv=1)",
          "uniform(min=0ms, max=10ms)"
        }) {
      var sampler = times.parse(text).sampler(RandomSource.XO_RO_SHI_RO_128_PP.create(2L));
      double sum = 0;
      int n = 400_000;
      for (int i = 0; i < n; i++) {
        sum += sampler.sample();
      }
      assertThat(sum / n).as(text).isCloseTo(0.005, within(0.005 * 0.02));
    }
  }

  @Test
  void mistakesSayWhatWasExpected() {
    assertThatThrownBy(() -> times.parse("exponental(mean=5ms)"))
        .hasMessageContaining("did you mean 'exponential'");
    assertThatThrownBy(() -> times.parse("exponential(rate=5/s)"))
        .hasMessageContaining("exponential has no parameter 'rate'")
        .hasMessageContaining("exponential(mean=5ms)");
    assertThatThrownBy(() -> times.parse("exponential(mean=5)")).hasMessageContaining("mean:");
    assertThatThrownBy(() -> times.parse("lognormal(mean=5ms)"))
        .hasMessageContaining("lognormal takes");
    assertThatThrownBy(() -> times.parse("lognormal(median=5ms, p99=2ms)"))
        .hasMessageContaining("p99 must be above the median");
    assertThatThrownBy(() -> times.parse("gamma(mean=5ms, cv=0)"))
        .hasMessageContaining("cv must be positive");
    assertThatThrownBy(() -> times.parse("uniform(min=3ms, max=1ms)"))
        .hasMessageContaining("must not be below min");
    assertThatThrownBy(() -> times.parse("exponential(mean=5ms"))
        .hasMessageContaining("closing ')'");
    assertThatThrownBy(() -> times.parse("exponential(mean=1ms, mean=2ms)"))
        .hasMessageContaining("given twice");
  }
}
