package dev.blueprint.edge.runtime;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * How the runtime times itself, for {@code bench} and the probe alike: warm up for a while (the JIT
 * compiles the kernels), then run inputs round robin for a while, recording each call's latency; or
 * profile an interpreter node by node. Wall time on the monotonic clock.
 */
public final class SessionBenchmark {
  private SessionBenchmark() {}

  /**
   * What a timed run measured.
   *
   * @param latencyNanos one value per call, in nanoseconds
   * @param calls calls made
   * @param wallSeconds from the first call's start to the last call's end
   */
  public record Timing(Histogram latencyNanos, long calls, double wallSeconds) {
    /** Calls per second. */
    public double callsPerSecond() {
      return calls / wallSeconds;
    }
  }

  /** Runs the inputs round robin for at least {@code duration} to warm the JIT up. */
  public static void warmUp(Session session, List<List<Tensor>> inputs, Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    int next = 0;
    do {
      session.run(inputs.get(next++ % inputs.size()));
    } while (System.nanoTime() < end);
  }

  /**
   * Runs the inputs round robin for {@code duration} and at least {@code minCalls} times, timing
   * each call.
   */
  public static Timing time(
      Session session, List<List<Tensor>> inputs, Duration duration, int minCalls) {
    Histogram h = new Histogram(3);
    long start = System.nanoTime();
    long end = start + duration.toNanos();
    long calls = 0;
    long now;
    int next = 0;
    do {
      List<Tensor> in = inputs.get(next++ % inputs.size());
      long t0 = System.nanoTime();
      session.run(in);
      now = System.nanoTime();
      h.recordValue(Math.max(1, now - t0));
      calls++;
    } while (now < end || calls < minCalls);
    return new Timing(h, calls, (now - start) * 1e-9);
  }

  /**
   * Nanoseconds per call spent in each node, from the interpreter's own profile over runs lasting
   * {@code duration}; profiling is switched off again afterwards.
   */
  public static Map<String, Double> nanosPerCallByNode(
      Interpreter interpreter, List<List<Tensor>> inputs, Duration duration) {
    interpreter.profile(true);
    try {
      long end = System.nanoTime() + duration.toNanos();
      int calls = 0;
      do {
        interpreter.run(inputs.get(calls++ % inputs.size()));
      } while (System.nanoTime() < end);
      Map<String, Double> out = new LinkedHashMap<>();
      for (Map.Entry<String, Long> e : interpreter.profile().entrySet()) {
        out.put(e.getKey(), e.getValue() / (double) calls);
      }
      return out;
    } finally {
      interpreter.profile(false);
    }
  }
}
