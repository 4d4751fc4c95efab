package dev.blueprint.edge.coordinator.fl;

import static dev.blueprint.edge.coordinator.fl.Vectors.w;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.Weights;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ServerOptimizerTest {

  /** Steps from x0 through the deltas; the second coordinate gets the negated deltas. */
  static float[] run(ServerOptimizer opt, float x0, float... deltas) {
    Weights x = w(x0, -x0);
    for (float d : deltas) {
      x = opt.step(x, w(d, -d));
    }
    return x.toArray();
  }

  static void assertSymmetric(float[] x, double expected) {
    assertThat((double) x[0]).isCloseTo(expected, within(1e-6));
    assertThat((double) x[1]).isCloseTo(-expected, within(1e-6));
  }

  @Test
  void fedAvgAddsTheUpdate() {
    assertThat(run(new FedAvg(0), 1, 0.5f, 0.25f)).containsExactly(1.75f, -1.75f);
  }

  @Test
  void fedAvgMAddsAMomentumOfTheUpdates() {
    // v1 = 1, x1 = 0.5·1; v2 = 0.9·1 + 1 = 1.9, x2 = 0.5 + 0.5·1.9 = 1.45
    assertSymmetric(run(new FedAvgM(0.5, 0.9), 0, 1, 1), 1.45);
    // momentum 0 and η 1 is FedAvg
    assertThat(run(new FedAvgM(1, 0), 1, 0.5f, 0.25f)).containsExactly(1.75f, -1.75f);
  }

  @Test
  void fedAdamMovesByMOverRootVPlusTau() {
    var opt = new AdaptiveOptimizer(AdaptiveOptimizer.Rule.ADAM, 0.1, 0.9, 0.99, 1e-3);
    // round 1, Δ = 1:    m = 0.1, v = 0.01
    // round 2, Δ = −0.5: m = 0.09 − 0.05 = 0.04, v = 0.0099 + 0.0025 = 0.0124
    double x1 = 0.1 * 0.1 / (Math.sqrt(0.01) + 1e-3);
    double x2 = x1 + 0.1 * 0.04 / (Math.sqrt(0.0124) + 1e-3);
    assertSymmetric(run(opt, 0, 1, -0.5f), x2);
    assertThat(x2).isCloseTo(0.1346113, within(1e-6));
  }

  @Test
  void fedYogiGrowsVWhenTheUpdateIsLargerAndShrinksItWhenSmaller() {
    var opt = new AdaptiveOptimizer(AdaptiveOptimizer.Rule.YOGI, 0.1, 0.9, 0.99, 1e-3);
    // round 1, Δ = 1:    m = 0.1, v = 0 − 0.01·1·sign(0 − 1) = 0.01
    // round 2, Δ = −0.5: m = 0.04, v = 0.01 − 0.01·0.25·sign(0.01 − 0.25) = 0.0125
    // round 3, Δ = 0.01: m = 0.036 + 0.001 = 0.037, v = 0.0125 − 0.01·0.0001·sign(+) = 0.012499
    double x1 = 0.1 * 0.1 / (Math.sqrt(0.01) + 1e-3);
    double x2 = x1 + 0.1 * 0.04 / (Math.sqrt(0.0125) + 1e-3);
    double x3 = x2 + 0.1 * 0.037 / (Math.sqrt(0.012499) + 1e-3);
    assertSymmetric(run(opt, 0, 1, -0.5f, 0.01f), x3);
  }

  @Test
  void fedAdagradSumsTheSquares() {
    var opt = new AdaptiveOptimizer(AdaptiveOptimizer.Rule.ADAGRAD, 0.1, 0, 0, 1e-3);
    // round 1, Δ = 1: m = 1, v = 1; round 2, Δ = 2: m = 2, v = 5
    double x2 = 0.1 * 1 / (1 + 1e-3) + 0.1 * 2 / (Math.sqrt(5) + 1e-3);
    assertSymmetric(run(opt, 0, 1, 2), x2);
    // with β1 = 0.5: m = 0.5 then 0.25 + 1 = 1.25
    var momentum = new AdaptiveOptimizer(AdaptiveOptimizer.Rule.ADAGRAD, 0.1, 0.5, 0, 1e-3);
    double y2 = 0.1 * 0.5 / (1 + 1e-3) + 0.1 * 1.25 / (Math.sqrt(5) + 1e-3);
    assertSymmetric(run(momentum, 0, 1, 2), y2);
  }

  /**
   * A coordinator killed after committing round 3 restores the model and the optimizer state it
   * committed and must reach the same model at round 6, bit for bit.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "fedavg",
        "fedprox:mu=0.01",
        "fedavgm:0.9",
        "fedadam",
        "fedyogi",
        "fedadagrad:beta1=0.9"
      })
  void exportedStateResumesBitForBit(String word) {
    ParameterLayout layout = Vectors.layout(500);
    SplittableRandom r = new SplittableRandom(word.hashCode());
    List<Weights> deltas = new ArrayList<>();
    for (int round = 0; round < 6; round++) {
      float[] d = new float[layout.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) (0.01 * r.nextGaussian());
      }
      deltas.add(Weights.of(layout, d));
    }
    Weights start = Weights.zeros(layout);

    ServerOptimizer straight = ServerOptimizer.parse(word);
    Weights x = start;
    for (Weights d : deltas) {
      x = straight.step(x, d);
    }

    ServerOptimizer before = ServerOptimizer.parse(word);
    Weights y = start;
    for (int round = 0; round < 3; round++) {
      y = before.step(y, deltas.get(round));
    }
    // what the coordinator commits: plain float arrays, read back into fresh objects
    Weights committedModel = Weights.of(layout, y.toArray());
    List<Weights> committedState = new ArrayList<>();
    for (Weights s : before.state()) {
      committedState.add(Weights.of(layout, s.toArray()));
    }
    ServerOptimizer resumed = ServerOptimizer.parse(word);
    resumed.restore(committedState);
    y = committedModel;
    for (int round = 3; round < 6; round++) {
      y = resumed.step(y, deltas.get(round));
    }
    assertThat(y.bitEquals(x)).isTrue();
    assertThat(resumed.state()).hasSameSizeAs(straight.state());
    for (int k = 0; k < straight.state().size(); k++) {
      assertThat(resumed.state().get(k).bitEquals(straight.state().get(k))).isTrue();
    }
    // and without restoring, a stateful optimizer would have gone elsewhere
    if (!straight.state().isEmpty()) {
      ServerOptimizer forgetful = ServerOptimizer.parse(word);
      Weights z = committedModel;
      for (int round = 3; round < 6; round++) {
        z = forgetful.step(z, deltas.get(round));
      }
      assertThat(z.bitEquals(x)).isFalse();
    }
  }

  @Test
  void restoreRefusesAStateOfTheWrongShape() {
    ServerOptimizer adam = ServerOptimizer.parse("fedadam");
    Weights one = w(1f, 2f);
    assertThatThrownBy(() -> adam.restore(List.of(one)))
        .hasMessageContaining("keeps 2 state vectors, the saved state has 1");
    assertThatThrownBy(() -> adam.restore(List.of(one, w(1f, Float.NaN))))
        .hasMessageContaining("state vector 1 holds NaN at index 1");
    assertThatThrownBy(() -> adam.restore(List.of(one, w(1f))))
        .hasMessageContaining("state vector 1");
    assertThatThrownBy(() -> new FedAvg(0).restore(List.of(one)))
        .hasMessageContaining("fedavg keeps 0 state vectors");
    adam.restore(List.of(one, w(0f, 0f)));
    assertThatThrownBy(() -> adam.step(w(1f, 2f, 3f), w(1f, 2f, 3f)))
        .hasMessage("global model: tensor 0 is w [3], the model's is w [2]")
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aStepThatWouldOverflowIsRefusedAndLeavesTheStateAlone() {
    ServerOptimizer m = ServerOptimizer.parse("fedavgm:0.5");
    Weights x = m.step(w(1f), w(1f));
    List<Weights> state = m.state();
    assertThatThrownBy(() -> m.step(w(Float.MAX_VALUE), w(Float.MAX_VALUE)))
        .hasMessageContaining("step would make parameter 0 Infinity");
    assertThat(m.state().get(0).bitEquals(state.get(0))).isTrue();
    assertThat(x.get(0)).isEqualTo(2f);
    assertThatThrownBy(() -> m.step(w(1f), w(Float.NaN)))
        .hasMessage("aggregated update holds NaN at index 0");
  }

  @Test
  void fedProxCarriesMuToTheClients() {
    assertThat(ServerOptimizer.parse("fedprox:0.01").proximalMu()).isEqualTo(0.01);
    assertThat(ServerOptimizer.parse("fedavg").proximalMu()).isZero();
    assertThat(ServerOptimizer.parse("fedadam").proximalMu()).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          fedavg                 | fedavg
          fedprox:0.01           | fedprox:mu=0.01
          fedprox:mu=1           | fedprox:mu=1
          fedavgm                | fedavgm:momentum=0,eta=1
          fedavgm:0.9            | fedavgm:momentum=0.9,eta=1
          fedavgm:eta=0.5,momentum=0.7 | fedavgm:momentum=0.7,eta=0.5
          fedadam                | fedadam:eta=0.1,beta1=0.9,beta2=0.99,tau=0.001
          fedadam:0.01           | fedadam:eta=0.01,beta1=0.9,beta2=0.99,tau=0.001
          fedyogi                | fedyogi:eta=0.01,beta1=0.9,beta2=0.99,tau=0.001
          fedyogi:tau=1e-9       | fedyogi:eta=0.01,beta1=0.9,beta2=0.99,tau=0.000000001
          fedadagrad             | fedadagrad:eta=0.1,beta1=0,tau=0.001
          """)
  void readsEachWordWithFlowersDefaultsAndWritesItBack(String word, String canonical) {
    ServerOptimizer opt = ServerOptimizer.parse(word);
    assertThat(opt.word()).isEqualTo(canonical);
    assertThat(ServerOptimizer.parse(opt.word()).word()).isEqualTo(canonical);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          fedsgd              | unknown strategy 'fedsgd'; known: fedavg, fedavgm, fedprox, fedadam, fedyogi, fedadagrad
          fedprox             | strategy 'fedprox': fedprox needs its proximal term, e.g. fedprox:mu=0.01
          fedprox:mu=-1       | strategy 'fedprox:mu=-1': mu must be a finite number of 0 or more, got -1
          fedadam:lr=0.1      | strategy 'fedadam:lr=0.1': unknown parameter 'lr'; fedadam takes eta, beta1, beta2, tau
          fedadam:beta1=1     | strategy 'fedadam:beta1=1': beta1 must be at least 0 and below 1, got 1
          fedyogi:eta=0       | strategy 'fedyogi:eta=0': eta must be a finite number above 0, got 0
          fedyogi:tau=abc     | strategy 'fedyogi:tau=abc': tau must be a number above 0, got 'abc'
          fedadagrad:beta2=0.9 | strategy 'fedadagrad:beta2=0.9': unknown parameter 'beta2'; fedadagrad takes eta, beta1, tau
          fedavgm:momentum=1.5 | strategy 'fedavgm:momentum=1.5': momentum must be at least 0 and below 1, got 1.5
          fedavg:0.1          | strategy 'fedavg:0.1': '0.1' needs a name; fedavg takes no parameters
          """)
  void refusesBadWordsNamingTheValue(String word, String message) {
    assertThatThrownBy(() -> ServerOptimizer.parse(word))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
