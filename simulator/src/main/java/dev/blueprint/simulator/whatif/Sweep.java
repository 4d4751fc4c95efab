package dev.blueprint.simulator.whatif;

import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.des.Simulation;
import dev.blueprint.simulator.des.SimulationException;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.io.InvalidInputException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Every combination of some parameters' values, each simulated with the same seeds (common random
 * numbers: differences between points come from the design, not from luck).
 *
 * @param source the design file
 * @param variations the parameters varied, outermost first
 * @param whatIf the conditions every point runs under
 * @param options how each point is simulated
 */
public record Sweep(
    DesignSource source, List<Variation> variations, TrafficWhatIf whatIf, RunOptions options) {
  /**
   * More combinations than this are refused: a typo in a step, not a sweep anyone would wait for.
   */
  public static final int MAX_POINTS = 100_000;

  /** Combinations a value is tried in before a sweep starts. */
  static final int CHECKED_COMBINATIONS = 8;

  public Sweep {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(whatIf, "whatIf");
    Objects.requireNonNull(options, "options");
    variations = List.copyOf(variations);
    if (variations.isEmpty()) {
      throw new IllegalArgumentException("a sweep needs at least one --vary");
    }
    Set<ParameterPath> seen = new HashSet<>();
    long size = 1;
    for (Variation v : variations) {
      if (!seen.add(v.path())) {
        throw new IllegalArgumentException("--vary " + v.path() + " is given twice");
      }
      size *= v.values().size();
      if (size > MAX_POINTS) {
        throw new IllegalArgumentException(
            "the sweep has more than " + MAX_POINTS + " combinations; narrow a range");
      }
    }
  }

  /** Every combination, the last variation changing fastest. */
  public List<SweepPoint> points() {
    List<SweepPoint> points = new ArrayList<>();
    int[] digit = new int[variations.size()];
    int index = 0;
    while (true) {
      Map<ParameterPath, String> values = new LinkedHashMap<>();
      for (int i = 0; i < digit.length; i++) {
        values.put(variations.get(i).path(), variations.get(i).values().get(digit[i]));
      }
      points.add(new SweepPoint(index++, values));
      int i = digit.length - 1;
      while (i >= 0 && ++digit[i] == variations.get(i).values().size()) {
        digit[i] = 0;
        i--;
      }
      if (i < 0) {
        return points;
      }
    }
  }

  /**
   * The design file with the point's values written in.
   *
   * @throws InvalidInputException when a path leads nowhere
   */
  public String designText(SweepPoint point) {
    return DesignEdit.apply(source.text(), source.origin(), point.values());
  }

  /**
   * Loads every value of every parameter once (with the other parameters at their first value), so
   * a mistyped path or value fails before any simulation starts. Combinations that load but cannot
   * run (a batch that does not fit with that hardware) are left to the sweep's rows.
   *
   * @throws InvalidInputException naming the path, or the file, line and field of a bad value
   */
  public void check() {
    List<SweepPoint> all = points();
    RuntimeException firstFailure = null;
    boolean anyLoads = false;
    int step = Math.max(1, all.size() / CHECKED_COMBINATIONS);
    for (int i = 0; i < all.size() && !anyLoads; i += step) {
      try {
        design(all.get(i));
        anyLoads = true;
      } catch (InvalidInputException | IllegalArgumentException e) {
        firstFailure = firstFailure == null ? e : firstFailure;
      }
    }
    if (!anyLoads) {
      throw firstFailure;
    }
    for (Variation v : variations) {
      for (String value : v.values()) {
        List<SweepPoint> withValue =
            all.stream().filter(p -> p.values().get(v.path()).equals(value)).toList();
        InvalidInputException first = null;
        boolean loads = false;
        // A value may be wrong only beside some others (a batch too large for one of the devices
        // swept): it is an error when it loads beside none of a handful of combinations.
        int stride = Math.max(1, withValue.size() / CHECKED_COMBINATIONS);
        for (int i = 0; i < withValue.size() && !loads; i += stride) {
          try {
            design(withValue.get(i));
            loads = true;
          } catch (InvalidInputException e) {
            first = first == null ? e : first;
          } catch (IllegalArgumentException e) {
            loads = true; // a what-if that does not apply here is the row's failure
          }
        }
        if (!loads && first != null) {
          throw first;
        }
      }
    }
  }

  /** The point's design, as it will be simulated (what-if applied). */
  public Design design(SweepPoint point) {
    DesignSource variant =
        source.withText(designText(point), source.origin() + " [" + point.label() + "]");
    return whatIf.apply(variant.parse());
  }

  /**
   * Simulates one point on the calling thread; a point that cannot run gives a failure, not an
   * exception.
   */
  public PointResult evaluate(SweepPoint point) {
    return evaluate(point, options);
  }

  PointResult evaluate(SweepPoint point, RunOptions runOptions) {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long cpuStart =
        threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    long wallStart = System.nanoTime();
    String text = source.text();
    Optional<SimulationResult> result = Optional.empty();
    Optional<String> failure = Optional.empty();
    try {
      text = designText(point);
      result = Optional.of(Simulation.run(design(point), runOptions));
    } catch (InvalidInputException | SimulationException | IllegalArgumentException e) {
      failure = Optional.of(firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      // Whatever else goes wrong with one point is that point's row, not the end of the sweep.
      failure = Optional.of(e.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
    }
    long cpuEnd = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
    return new PointResult(
        point,
        text,
        result,
        failure,
        (cpuEnd - cpuStart) / 1e9,
        (System.nanoTime() - wallStart) / 1e9);
  }

  /**
   * Simulates {@code pending} on {@code threads} threads, handing each result to {@code onResult}
   * on the calling thread as soon as it is ready (so whoever stores results needs no locking).
   * Stops early, with the finished points handed over, when the calling thread is interrupted.
   */
  public void run(Collection<SweepPoint> pending, int threads, Consumer<PointResult> onResult) {
    if (pending.isEmpty()) {
      return;
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(threads, pending.size())),
            r -> {
              Thread t = new Thread(r, "sweep");
              t.setDaemon(true);
              return t;
            });
    try {
      CompletionService<PointResult> done = new ExecutorCompletionService<>(pool);
      for (SweepPoint point : pending) {
        done.submit(() -> evaluate(point));
      }
      for (int i = 0; i < pending.size(); i++) {
        try {
          onResult.accept(done.take().get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          throw new IllegalStateException(cause);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "failed";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
