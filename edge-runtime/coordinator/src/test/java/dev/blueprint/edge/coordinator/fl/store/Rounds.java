package dev.blueprint.edge.coordinator.fl.store;

import dev.blueprint.edge.coordinator.fl.store.CommittedRound.Participant;
import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.UpdateRejected.Reason;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.model.TensorShape;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.SplittableRandom;

/** Rounds to commit in tests: seeded weights, including the float values easiest to get wrong. */
final class Rounds {
  static final String TASK = "wisdm-by-user";
  static final String FILE = "id: wisdm-by-user\nmodel: wisdm-mlp\n";
  static final Instant T0 = Instant.parse("2026-12-07T18:00:00.123456789Z");

  static final ParameterLayout LAYOUT =
      ParameterLayout.of(
          List.of("dense/kernel", "dense/bias", "out/kernel"),
          List.of(TensorShape.of(4, 3), TensorShape.of(3), TensorShape.of(3, 2)));

  private Rounds() {}

  static Weights weights(ParameterLayout layout, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[layout.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) r.nextGaussian();
    }
    // Values whose bits a careless encoding changes.
    v[0] = -0.0f;
    v[1] = Float.MIN_VALUE;
    v[2] = Float.MAX_VALUE;
    v[3] = Math.nextUp(1.0f);
    return Weights.adopt(layout, v);
  }

  /** Round {@code n}: round 0 is the starting model with no participants. */
  static CommittedRound round(long n) {
    if (n == 0) {
      return new CommittedRound(
          TASK,
          0,
          weights(LAYOUT, 0),
          List.of(),
          List.of(),
          0,
          0,
          Map.of(),
          0,
          0,
          OptionalDouble.of(0.1),
          OptionalDouble.of(2.3),
          0,
          T0);
    }
    return new CommittedRound(
        TASK,
        n,
        weights(LAYOUT, n),
        List.of(weights(LAYOUT, 1000 + n), weights(LAYOUT, 2000 + n)),
        List.of(new Participant("pi-07", 151), new Participant("pi-02", 149 + n)),
        1,
        2,
        Map.of(Reason.WRONG_ROUND, 1, Reason.NON_FINITE, 3),
        12_345 * n,
        54_321 * n,
        OptionalDouble.of(0.5 + n / 1000.0),
        n % 2 == 0 ? OptionalDouble.empty() : OptionalDouble.of(1.0 / n),
        1.5 * n,
        T0.plusSeconds(60 * n));
  }
}
