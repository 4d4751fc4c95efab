package dev.blueprint.edge.coordinator.fl;

import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.Weights;
import java.util.List;

/** Checks the server optimizers share. */
final class Steps {
  private Steps() {}

  static void check(Weights global, Weights delta) {
    global.layout().requireSameAs(delta.layout(), "aggregated update");
    int bad = delta.firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "aggregated update holds " + delta.get(bad) + " at index " + bad);
    }
  }

  /** The new model, if every value is finite. */
  static Weights finite(Weights global, float[] out, String word) {
    for (int i = 0; i < out.length; i++) {
      if (!Float.isFinite(out[i])) {
        throw new IllegalArgumentException(
            word + " step would make parameter " + i + " " + out[i] + "; the round is not applied");
      }
    }
    return Weights.adopt(global.layout(), out);
  }

  /** A saved state of {@code count} finite vectors of one layout, or none. */
  static void requireCount(List<Weights> state, int count, String word) {
    if (!state.isEmpty() && state.size() != count) {
      throw new IllegalArgumentException(
          word + " keeps " + count + " state vectors, the saved state has " + state.size());
    }
    ParameterLayout layout = state.isEmpty() ? null : state.get(0).layout();
    for (int k = 0; k < state.size(); k++) {
      Weights w = state.get(k);
      layout.requireSameAs(w.layout(), word + " state vector " + k);
      int bad = w.firstNonFinite();
      if (bad >= 0) {
        throw new IllegalArgumentException(
            word + " state vector " + k + " holds " + w.get(bad) + " at index " + bad);
      }
    }
  }
}
