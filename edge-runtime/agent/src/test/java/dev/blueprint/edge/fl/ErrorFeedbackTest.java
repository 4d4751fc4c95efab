package dev.blueprint.edge.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.model.TensorShape;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ErrorFeedbackTest {
  static final String TASK = "t";
  static final UpdateEncoding TOP10_INT8 = new UpdateEncoding.TopK(0.10, true);

  @Test
  void theResidualIsWhatWasNotSent() {
    ParameterLayout layout = FlLayouts.wisdmMlp();
    Weights delta = FlLayouts.gaussian(layout, 0.01, 1);
    ErrorFeedback ef = new ErrorFeedback(layout);
    UpdateCodec.EncodedUpdate e = ef.encode(delta, TOP10_INT8, 0, TASK, new SplittableRandom(1));
    for (int i = 0; i < delta.size(); i++) {
      assertThat(ef.residual().get(i) + e.sent().get(i)).isEqualTo(delta.get(i));
    }
    assertThat(ef.residual().norm()).isGreaterThan(0.5 * delta.norm());
  }

  @Test
  void float32LeavesNoResidual() {
    ParameterLayout layout = FlLayouts.wisdmMlp();
    ErrorFeedback ef = new ErrorFeedback(layout);
    ef.encode(
        FlLayouts.gaussian(layout, 1, 2), UpdateEncoding.FLOAT32, 0, TASK, new SplittableRandom(1));
    assertThat(ef.residual().norm()).isZero();
  }

  /**
   * The point of error feedback: over many rounds everything is delivered. A client that keeps
   * sending the same update with top-10 % gets about all of it across; without feedback it would
   * keep sending the same tenth and lose the rest.
   */
  @Test
  void overManyRoundsEverythingArrives() {
    ParameterLayout layout = FlLayouts.wisdmMlp();
    Weights delta = FlLayouts.gaussian(layout, 0.01, 3);
    int rounds = 200;
    ErrorFeedback ef = new ErrorFeedback(layout);
    double[] withFeedback = new double[layout.size()];
    double[] without = new double[layout.size()];
    SplittableRandom rng = new SplittableRandom(4);
    for (int r = 0; r < rounds; r++) {
      Weights sent = ef.encode(delta, TOP10_INT8, r, TASK, rng).sent();
      Weights plain = UpdateCodec.encode(delta, TOP10_INT8, r, TASK, rng).sent();
      for (int i = 0; i < withFeedback.length; i++) {
        withFeedback[i] += sent.get(i);
        without[i] += plain.get(i);
      }
    }
    assertThat(relativeError(withFeedback, delta, rounds)).isLessThan(0.05);
    assertThat(relativeError(without, delta, rounds)).isGreaterThan(0.5);
  }

  static double relativeError(double[] sum, Weights delta, int rounds) {
    double err = 0;
    double ref = 0;
    for (int i = 0; i < sum.length; i++) {
      double want = (double) rounds * delta.get(i);
      err += (sum[i] - want) * (sum[i] - want);
      ref += want * want;
    }
    return Math.sqrt(err / ref);
  }

  @Test
  void aRestoredClientSendsExactlyWhatItWouldHaveSent() {
    ParameterLayout layout = FlLayouts.leNet();
    ErrorFeedback straight = new ErrorFeedback(layout);
    ErrorFeedback first = new ErrorFeedback(layout);
    for (int r = 0; r < 3; r++) {
      Weights d = FlLayouts.gaussian(layout, 0.01, 10 + r);
      straight.encode(d, TOP10_INT8, r, TASK, new SplittableRandom(r));
      first.encode(d, TOP10_INT8, r, TASK, new SplittableRandom(r));
    }
    ErrorFeedback resumed = ErrorFeedback.restore(Weights.of(layout, first.residual().toArray()));
    for (int r = 3; r < 6; r++) {
      Weights d = FlLayouts.gaussian(layout, 0.01, 10 + r);
      byte[] a = straight.encode(d, TOP10_INT8, r, TASK, new SplittableRandom(r)).bytes();
      byte[] b = resumed.encode(d, TOP10_INT8, r, TASK, new SplittableRandom(r)).bytes();
      assertThat(b).isEqualTo(a);
    }
    assertThat(resumed.residual().bitEquals(straight.residual())).isTrue();
  }

  @Test
  void aFailedEncodeLeavesTheResidualAlone() {
    ParameterLayout layout = ParameterLayout.of(List.of("w"), List.of(TensorShape.of(4)));
    ErrorFeedback ef = new ErrorFeedback(layout);
    ef.encode(
        Weights.of(layout, new float[] {1, 2, 3, 4}),
        new UpdateEncoding.TopK(0.25, false),
        0,
        TASK,
        new SplittableRandom(0));
    Weights before = ef.residual();
    Weights nan = Weights.of(layout, new float[] {1, Float.NaN, 3, 4});
    assertThatThrownBy(() -> ef.encode(nan, UpdateEncoding.INT8, 1, TASK, new SplittableRandom(0)))
        .hasMessageContaining("NaN at index 1");
    assertThat(ef.residual().bitEquals(before)).isTrue();
    assertThatThrownBy(() -> ErrorFeedback.restore(nan)).hasMessageContaining("NaN at index 1");
  }
}
