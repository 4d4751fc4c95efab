package dev.blueprint.simulator.whatif;

import dev.blueprint.simulator.des.SimulationResult;
import java.util.Optional;

/**
 * What one sweep point gave: a simulation, or why there is none (the variant does not load, or the
 * system cannot keep up).
 *
 * @param point the combination
 * @param designText the design file as varied, what was run
 * @param result the simulation, when it ran to the end
 * @param failure why it did not, in one line
 * @param cpuSeconds CPU time spent on the point, on the thread that ran it
 * @param wallSeconds elapsed time on that thread
 */
public record PointResult(
    SweepPoint point,
    String designText,
    Optional<SimulationResult> result,
    Optional<String> failure,
    double cpuSeconds,
    double wallSeconds) {
  public PointResult {
    if (result.isPresent() == failure.isPresent()) {
      throw new IllegalArgumentException(
          "a point has a result or a failure, not both and not neither");
    }
  }

  public boolean ok() {
    return result.isPresent();
  }

  /** The metric's value; NaN for a failed point. */
  public double value(Metric metric) {
    return result.map(metric::valueOf).orElse(Double.NaN);
  }
}
