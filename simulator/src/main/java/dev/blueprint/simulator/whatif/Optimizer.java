package dev.blueprint.simulator.whatif;

import dev.blueprint.simulator.des.Estimate;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.io.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds the best design of a sweep's grid that meets every constraint, simulating as few candidates
 * as it can (docs/what-if.md describes the search):
 *
 * <ol>
 *   <li>Every candidate is screened without simulation ({@link Screen}): its cost, whether it
 *       surely cannot keep up, and exact queueing answers where the design has them.
 *   <li>When the objective is known before simulating (cost), candidates are visited best first. A
 *       candidate is skipped when the screen proves it infeasible: it cannot keep up, or a static
 *       or exactly known metric breaks a constraint by more than {@link #MARGIN}. The others are
 *       simulated, a batch of as many as there are threads at a time, and the first in objective
 *       order whose simulation meets every constraint is the answer: every better candidate was
 *       either simulated and failed, or proven infeasible.
 *   <li>Otherwise (an objective only a simulation measures), a pattern search on the grid: start at
 *       the screen's best guess, simulate the neighbours one step away along each parameter, move
 *       to the best (feasible before infeasible, then by objective, infeasible ones by how far they
 *       break the constraints), stop when no neighbour is better. This finds a local optimum; the
 *       result says so.
 * </ol>
 */
public final class Optimizer {
  /**
   * How far past a bound an exact queueing answer must be for the candidate to be skipped
   * unsimulated: an exact answer is exact for the design, and a simulation of it would only confirm
   * it, but a candidate near the bound is simulated so the answer rests on a run.
   */
  public static final double MARGIN = 0.05;

  private final Sweep space;
  private final Metric objective;
  private final boolean minimize;
  private final List<Constraint> constraints;
  private final int threads;

  public Optimizer(
      Sweep space, Metric objective, boolean minimize, List<Constraint> constraints, int threads) {
    this.space = Objects.requireNonNull(space, "space");
    this.objective = Objects.requireNonNull(objective, "objective");
    this.minimize = minimize;
    this.constraints = List.copyOf(constraints);
    this.threads = Math.max(1, threads);
  }

  /** Runs the search, handing every simulated point to {@code onSimulated} as it finishes. */
  public Optimization run(Consumer<PointResult> onSimulated) {
    space.check();
    List<SweepPoint> grid = space.points();
    Map<Integer, Screen> screens = new HashMap<>();
    Map<Integer, String> unloadable = new HashMap<>();
    for (SweepPoint point : grid) {
      try {
        Design design = space.design(point);
        screens.put(point.index(), Screen.of(design));
      } catch (InvalidInputException | IllegalArgumentException e) {
        unloadable.put(point.index(), e.getMessage());
      }
    }
    boolean objectiveKnown =
        !screens.isEmpty()
            && screens.values().stream().allMatch(s -> s.exact(objective).isPresent());
    return objectiveKnown
        ? bestFirst(grid, screens, unloadable, onSimulated)
        : patternSearch(grid, screens, unloadable, onSimulated);
  }

  private Optimization bestFirst(
      List<SweepPoint> grid,
      Map<Integer, Screen> screens,
      Map<Integer, String> unloadable,
      Consumer<PointResult> onSimulated) {
    Map<String, Integer> ruledOut = new LinkedHashMap<>();
    Map<Integer, Verdict> verdicts = new HashMap<>();
    List<SweepPoint> order = new ArrayList<>();
    for (SweepPoint point : grid) {
      Screen screen = screens.get(point.index());
      if (screen == null) {
        count(ruledOut, "does not load");
        verdicts.put(point.index(), Verdict.NONE);
        continue;
      }
      Optional<String> reason = ruledOutBy(screen);
      if (reason.isPresent()) {
        count(ruledOut, reason.get());
        verdicts.put(point.index(), brokenBy(screen));
      } else {
        order.add(point);
      }
    }
    Comparator<SweepPoint> byObjective =
        Comparator.comparingDouble(p -> screens.get(p.index()).exact(objective).orElseThrow());
    order.sort(minimize ? byObjective : byObjective.reversed());
    List<PointResult> evaluated = new ArrayList<>();
    Optional<PointResult> chosen = Optional.empty();
    for (int start = 0; start < order.size() && chosen.isEmpty(); start += threads) {
      List<SweepPoint> batch = order.subList(start, Math.min(order.size(), start + threads));
      Map<Integer, PointResult> results = new HashMap<>();
      space.run(
          batch,
          threads,
          r -> {
            results.put(r.point().index(), r);
            onSimulated.accept(r);
          });
      for (SweepPoint point : batch) {
        PointResult r = results.get(point.index());
        if (r == null) {
          break; // interrupted
        }
        evaluated.add(r);
        verdicts.put(point.index(), verdict(r));
        if (chosen.isEmpty() && meetsAll(r)) {
          chosen = Optional.of(r);
        }
      }
      if (Thread.currentThread().isInterrupted()) {
        break;
      }
    }
    String method =
        "best-first by "
            + objective.id()
            + " over "
            + grid.size()
            + " candidates; "
            + "candidates proven infeasible without simulation were skipped";
    return outcome(
        grid,
        chosen,
        order.isEmpty() ? Optional.empty() : Optional.of(order.get(0)),
        verdicts,
        evaluated,
        ruledOut,
        method);
  }

  private Optimization patternSearch(
      List<SweepPoint> grid,
      Map<Integer, Screen> screens,
      Map<Integer, String> unloadable,
      Consumer<PointResult> onSimulated) {
    Map<String, Integer> ruledOut = new LinkedHashMap<>();
    Map<Integer, Verdict> verdicts = new HashMap<>();
    Map<Integer, PointResult> results = new HashMap<>();
    List<PointResult> evaluated = new ArrayList<>();
    List<Integer> radix = space.variations().stream().map(v -> v.values().size()).toList();
    // Start at the candidate the screen rates best; without exact figures, the middle of the grid.
    Optional<SweepPoint> guess =
        grid.stream()
            .filter(
                p -> screens.containsKey(p.index()) && ruledOutBy(screens.get(p.index())).isEmpty())
            .filter(p -> screens.get(p.index()).exact(objective).isPresent())
            .min(
                Comparator.comparingDouble(
                    p -> sign() * screens.get(p.index()).exact(objective).orElseThrow()));
    int[] middle = radix.stream().mapToInt(n -> (n - 1) / 2).toArray();
    SweepPoint current = guess.orElse(grid.get(indexOf(middle, radix)));
    evaluate(
        List.of(current), screens, unloadable, ruledOut, verdicts, results, evaluated, onSimulated);
    while (!Thread.currentThread().isInterrupted()) {
      int[] digits = digits(current.index(), radix);
      List<SweepPoint> neighbours = new ArrayList<>();
      for (int i = 0; i < digits.length; i++) {
        for (int step : new int[] {-1, 1}) {
          int d = digits[i] + step;
          if (d >= 0 && d < radix.get(i)) {
            int[] next = digits.clone();
            next[i] = d;
            SweepPoint neighbour = grid.get(indexOf(next, radix));
            if (!verdicts.containsKey(neighbour.index())) {
              neighbours.add(neighbour);
            }
          }
        }
      }
      evaluate(
          neighbours, screens, unloadable, ruledOut, verdicts, results, evaluated, onSimulated);
      SweepPoint best = current;
      for (SweepPoint n : neighbours) {
        if (better(results.get(n.index()), results.get(best.index()))) {
          best = n;
        }
      }
      if (best == current) {
        break;
      }
      current = best;
    }
    Optional<PointResult> chosen =
        evaluated.stream()
            .filter(this::meetsAll)
            .min(Comparator.comparingDouble(r -> sign() * r.value(objective)));
    String method =
        "pattern search on the grid from "
            + (guess.isPresent() ? "the analytic best guess" : "its middle")
            + " (a local optimum: "
            + evaluated.size()
            + " of "
            + grid.size()
            + " candidates simulated)";
    return outcome(
        grid,
        chosen,
        Optional.of(guess.orElse(grid.get(indexOf(middle, radix)))),
        verdicts,
        evaluated,
        ruledOut,
        method);
  }

  private void evaluate(
      List<SweepPoint> points,
      Map<Integer, Screen> screens,
      Map<Integer, String> unloadable,
      Map<String, Integer> ruledOut,
      Map<Integer, Verdict> verdicts,
      Map<Integer, PointResult> results,
      List<PointResult> evaluated,
      Consumer<PointResult> onSimulated) {
    List<SweepPoint> toRun = new ArrayList<>();
    for (SweepPoint p : points) {
      Screen screen = screens.get(p.index());
      if (screen == null) {
        count(ruledOut, "does not load");
        verdicts.put(p.index(), Verdict.NONE);
      } else if (ruledOutBy(screen).isPresent()) {
        count(ruledOut, ruledOutBy(screen).get());
        verdicts.put(p.index(), brokenBy(screen));
      } else {
        toRun.add(p);
      }
    }
    space.run(
        toRun,
        threads,
        r -> {
          results.put(r.point().index(), r);
          verdicts.put(r.point().index(), verdict(r));
          evaluated.add(r);
          onSimulated.accept(r);
        });
  }

  private boolean better(PointResult candidate, PointResult incumbent) {
    if (candidate == null || !candidate.ok()) {
      return false;
    }
    if (incumbent == null || !incumbent.ok()) {
      return true;
    }
    boolean candidateMeets = meetsAll(candidate);
    boolean incumbentMeets = meetsAll(incumbent);
    if (candidateMeets != incumbentMeets) {
      return candidateMeets;
    }
    if (!candidateMeets) {
      return violation(candidate) < violation(incumbent);
    }
    return sign() * candidate.value(objective) < sign() * incumbent.value(objective);
  }

  private double violation(PointResult r) {
    double total = 0;
    for (Constraint c : constraints) {
      double v = r.value(c.metric());
      total += Double.isNaN(v) ? 1e9 : Math.max(0, -c.slack(v));
    }
    return total;
  }

  private double sign() {
    return minimize ? 1 : -1;
  }

  /**
   * Met every constraint, and kept up with its traffic (a growing queue meets nothing for long).
   */
  private boolean meetsAll(PointResult r) {
    return r.ok()
        && r.result().orElseThrow().keepsUp()
        && constraints.stream().allMatch(c -> c.met(r.result().orElseThrow()));
  }

  /** Why the screen alone rules the candidate out, if it does. */
  private Optional<String> ruledOutBy(Screen screen) {
    if (screen.overloaded()) {
      return Optional.of("cannot keep up (" + screen.busiest().orElse("?") + ")");
    }
    for (Constraint c : constraints) {
      Optional<Double> known = screen.exact(c.metric());
      if (known.isPresent()) {
        double slack = c.slack(known.get());
        if (c.metric().isStatic() ? slack < 0 : slack < -MARGIN) {
          return Optional.of(
              "breaks " + c.expression() + (c.metric().isStatic() ? "" : " (queueing theory)"));
        }
      }
    }
    return Optional.empty();
  }

  /** Which constraints the screen shows broken. */
  private Verdict brokenBy(Screen screen) {
    List<Constraint> broken = new ArrayList<>();
    for (Constraint c : constraints) {
      Optional<Double> known = screen.exact(c.metric());
      if (known.isPresent() ? !c.met(known.get()) : screen.overloaded() && !c.metric().isStatic()) {
        // A design that cannot keep up breaks every bound a simulation would measure.
        broken.add(c);
      }
    }
    return new Verdict(broken);
  }

  private Verdict verdict(PointResult r) {
    if (!r.ok()) {
      return new Verdict(constraints.stream().filter(c -> !c.metric().isStatic()).toList());
    }
    return new Verdict(constraints.stream().filter(c -> !c.met(r.result().orElseThrow())).toList());
  }

  /** The constraints a candidate was seen to break. */
  private record Verdict(List<Constraint> broken) {
    static final Verdict NONE = new Verdict(List.of());

    boolean breaks(Constraint c) {
      return broken.contains(c);
    }
  }

  private Optimization outcome(
      List<SweepPoint> grid,
      Optional<PointResult> chosen,
      Optional<SweepPoint> firstGuess,
      Map<Integer, Verdict> verdicts,
      List<PointResult> evaluated,
      Map<String, Integer> ruledOut,
      String method) {
    List<Optimization.ConstraintOutcome> outcomes = new ArrayList<>();
    Optional<Estimate> objectiveValue = chosen.map(r -> objective.of(r.result().orElseThrow()));
    if (chosen.isPresent()) {
      var result = chosen.get().result().orElseThrow();
      List<Integer> radix = space.variations().stream().map(v -> v.values().size()).toList();
      double chosenObjective = chosen.get().value(objective);
      Map<Integer, PointResult> simulated = new HashMap<>();
      evaluated.forEach(r -> simulated.put(r.point().index(), r));
      List<SweepPoint> betterNeighbours =
          betterNeighbours(grid, chosen.get().point(), radix, chosenObjective, simulated);
      for (Constraint c : constraints) {
        Estimate e = c.metric().of(result);
        boolean met = c.met(e.value());
        boolean confident =
            Double.isNaN(e.halfWidth())
                || c.met(
                    c.operator().upper() ? e.value() + e.halfWidth() : e.value() - e.halfWidth());
        boolean tight =
            betterNeighbours.stream()
                .map(n -> verdicts.get(n.index()))
                .anyMatch(v -> v != null && v.breaks(c));
        outcomes.add(
            new Optimization.ConstraintOutcome(c, e.value(), e.halfWidth(), met, confident, tight));
      }
    }
    return new Optimization(
        objective,
        minimize,
        chosen,
        objectiveValue,
        outcomes,
        firstGuess,
        evaluated.size(),
        grid.size(),
        ruledOut,
        method,
        evaluated);
  }

  /**
   * Grid neighbours (one step along one parameter) known to be better in the objective: by its
   * static value, or by their simulated value. A neighbour whose objective nobody measured is not
   * counted, so "tight" means what the search saw.
   */
  private List<SweepPoint> betterNeighbours(
      List<SweepPoint> grid,
      SweepPoint point,
      List<Integer> radix,
      double chosenObjective,
      Map<Integer, PointResult> simulated) {
    List<SweepPoint> out = new ArrayList<>();
    int[] digits = digits(point.index(), radix);
    for (int i = 0; i < digits.length; i++) {
      for (int step : new int[] {-1, 1}) {
        int d = digits[i] + step;
        if (d >= 0 && d < radix.get(i)) {
          int[] next = digits.clone();
          next[i] = d;
          SweepPoint n = grid.get(indexOf(next, radix));
          Optional<Double> theirs = staticObjective(n);
          if (theirs.isEmpty() && simulated.containsKey(n.index())) {
            double v = simulated.get(n.index()).value(objective);
            theirs = Double.isFinite(v) ? Optional.of(v) : Optional.empty();
          }
          if (theirs.isPresent() && sign() * theirs.get() < sign() * chosenObjective) {
            out.add(n);
          }
        }
      }
    }
    return out;
  }

  private final Map<Integer, Optional<Double>> staticObjectives = new HashMap<>();

  private Optional<Double> staticObjective(SweepPoint point) {
    if (!objective.isStatic()) {
      return Optional.empty();
    }
    return staticObjectives.computeIfAbsent(
        point.index(),
        i -> {
          try {
            return Screen.of(space.design(point)).exact(objective);
          } catch (InvalidInputException | IllegalArgumentException e) {
            return Optional.empty();
          }
        });
  }

  private static int[] digits(int index, List<Integer> radix) {
    int[] d = new int[radix.size()];
    for (int i = radix.size() - 1; i >= 0; i--) {
      d[i] = index % radix.get(i);
      index /= radix.get(i);
    }
    return d;
  }

  private static int indexOf(int[] digits, List<Integer> radix) {
    int index = 0;
    for (int i = 0; i < digits.length; i++) {
      index = index * radix.get(i) + digits[i];
    }
    return index;
  }

  private static void count(Map<String, Integer> counts, String reason) {
    counts.merge(reason, 1, Integer::sum);
  }
}
