package dev.blueprint.simulator.whatif;

import dev.blueprint.simulator.des.Estimate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link Optimizer} found.
 *
 * @param objective what was minimised or maximised
 * @param minimize which way
 * @param chosen the best design that met every constraint, with its confirming simulation; empty
 *     when none did
 * @param objectiveValue the chosen design's objective, with its interval where it has one
 * @param constraints each constraint at the chosen design
 * @param firstGuess where the search started: the best candidate the analysis did not rule out
 * @param simulations simulations run
 * @param candidates the size of the grid searched
 * @param ruledOut candidates skipped without simulation, and why (counts by reason)
 * @param method the search used, in words
 * @param evaluated every simulated point, in the order run
 */
public record Optimization(
    Metric objective,
    boolean minimize,
    Optional<PointResult> chosen,
    Optional<Estimate> objectiveValue,
    List<ConstraintOutcome> constraints,
    Optional<SweepPoint> firstGuess,
    int simulations,
    int candidates,
    Map<String, Integer> ruledOut,
    String method,
    List<PointResult> evaluated) {

  public Optimization {
    constraints = List.copyOf(constraints);
    evaluated = List.copyOf(evaluated);
    ruledOut = Collections.unmodifiableMap(new LinkedHashMap<>(ruledOut));
  }

  /**
   * One constraint at the chosen design.
   *
   * @param constraint the bound
   * @param value the chosen design's value
   * @param halfWidth the half-width of its 95% interval (NaN when the run gives none)
   * @param met whether the value keeps the bound
   * @param confident whether the whole interval keeps it (true when there is no interval)
   * @param tight whether it is what stops a better design: a candidate one step better in the
   *     objective along a single parameter broke it
   */
  public record ConstraintOutcome(
      Constraint constraint,
      double value,
      double halfWidth,
      boolean met,
      boolean confident,
      boolean tight) {}
}
