package dev.blueprint.simulator.queueing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class QueueFormulasTest {
  @Test
  void erlangCGivesTheTextbookWaitsOfMm3AndMm4() {
    // The figures the design issue states: M/M/3 at λ=0.2, μ=0.1 and M/M/4 at λ=0.35, μ=0.1.
    assertThat(QueueFormulas.mmcMeanWait(0.2, 10, 3)).isCloseTo(4.444, within(0.001));
    assertThat(QueueFormulas.mmcMeanWait(0.35, 10, 4)).isCloseTo(14.757, within(0.001));
  }

  @Test
  void mm1ReducesToTheSingleServerFormulas() {
    // Wq = ρ/(μ − λ), T = 1/(μ − λ), P(T > t) = exp(−(μ − λ)t).
    assertThat(QueueFormulas.erlangC(0.9, 1, 1)).isCloseTo(0.9, within(1e-12));
    assertThat(QueueFormulas.mmcMeanResponse(0.9, 1, 1)).isCloseTo(10, within(1e-9));
    assertThat(QueueFormulas.mmcResponseQuantile(0.9, 1, 1, 0.99))
        .isCloseTo(10 * Math.log(100), within(1e-6));
  }

  @Test
  void pollaczekKhinchineHalvesTheWaitForDeterministicService() {
    double exponential = QueueFormulas.mg1MeanWait(0.8, 1, 1);
    double deterministic = QueueFormulas.mg1MeanWait(0.8, 1, 0);
    assertThat(exponential).isCloseTo(4, within(1e-12));
    assertThat(deterministic).isCloseTo(2, within(1e-12));
  }

  @Test
  void manyServersStayFinite() {
    double wait = QueueFormulas.mmcMeanWait(950, 1, 1000);
    assertThat(wait).isFinite().isPositive();
  }

  @Test
  void anUnstableQueueIsRejectedWithItsUtilisation() {
    assertThatThrownBy(() -> QueueFormulas.mmcMeanWait(1.2, 1, 1))
        .hasMessageContaining("unstable")
        .hasMessageContaining("1.200");
  }

  @Test
  void finiteQueuesLoseWhatTheErlangLossFormulaSays() {
    // M/M/1/1: loss ρ/(1+ρ); M/M/c/c is Erlang B: c=2, a=1 gives 1/5.
    assertThat(QueueFormulas.mmck(1, 1, 1, 1).lossProbability()).isCloseTo(0.5, within(1e-12));
    assertThat(QueueFormulas.mmck(1, 1, 2, 2).lossProbability()).isCloseTo(0.2, within(1e-12));
    // A large room converges on the unbounded M/M/1.
    assertThat(QueueFormulas.mmck(0.5, 1, 1, 200).meanResponse()).isCloseTo(2, within(1e-9));
    // Overload is stable with a finite room.
    assertThat(QueueFormulas.mmck(10, 1, 1, 5).lossProbability()).isBetween(0.89, 0.91);
  }
}
