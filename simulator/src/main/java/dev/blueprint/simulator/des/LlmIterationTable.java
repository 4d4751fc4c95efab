package dev.blueprint.simulator.des;

import dev.blueprint.simulator.perf.LlmServing;
import dev.blueprint.simulator.perf.TransformerPass;
import java.util.ArrayList;
import java.util.List;

/**
 * The time of one continuous-batching iteration, tabulated from the simulator core's LLM model
 * ({@link LlmServing#iteration}) over decoding sequences {@code d}, their mean cached context
 * {@code c} and prefill tokens {@code p}, and interpolated linearly in each: timing every iteration
 * from kernels would cost more than the rest of the simulation together.
 *
 * <p>Prefill tokens are timed as whole prompts of the workload's mean prompt length (or one chunk
 * shorter than that); a late chunk of a long prompt attends to more context than this charges,
 * which matters only when attention, not the GEMMs, dominates prefill.
 */
final class LlmIterationTable {
  private final double[] decodes;
  private final double[] contexts;
  private final double[] prefills;
  private final double[][][] seconds;

  private LlmIterationTable(
      double[] decodes, double[] contexts, double[] prefills, double[][][] seconds) {
    this.decodes = decodes;
    this.contexts = contexts;
    this.prefills = prefills;
    this.seconds = seconds;
  }

  /**
   * @param maxBatch the most decoding sequences
   * @param maxTokens the iteration's token budget
   * @param maxContext the longest context a sequence reaches
   * @param meanPrompt the workload's mean prompt length
   */
  static LlmIterationTable build(
      LlmServing serving, int maxBatch, int maxTokens, double maxContext, double meanPrompt) {
    double[] d = grid(1, maxBatch, true);
    double[] c = grid(64, Math.max(64, maxContext), false);
    double[] p = grid(16, maxTokens, true);
    double[][][] t = new double[d.length][c.length][p.length];
    double prompt = Math.max(1, meanPrompt);
    for (int i = 0; i < d.length; i++) {
      for (int j = 0; j < c.length; j++) {
        for (int k = 0; k < p.length; k++) {
          if (d[i] == 0 && p[k] == 0) {
            continue;
          }
          if (d[i] == 0 && j > 0) {
            t[i][j][k] = t[i][0][k]; // no decode: the context does not matter
            continue;
          }
          List<TransformerPass> passes = new ArrayList<>(2);
          if (d[i] > 0) {
            passes.add(TransformerPass.decode(d[i], c[j]));
          }
          if (p[k] > 0) {
            double length = Math.min(p[k], prompt);
            passes.add(TransformerPass.prefill(p[k] / length, length));
          }
          t[i][j][k] = serving.iteration(passes).sequentialSeconds(1);
        }
      }
    }
    return new LlmIterationTable(d, c, p, t);
  }

  /** 0, then powers of two from {@code first} up to and including {@code last}. */
  private static double[] grid(double first, double last, boolean withZero) {
    List<Double> values = new ArrayList<>();
    if (withZero) {
      values.add(0.0);
    }
    for (double v = first; v < last; v *= 2) {
      values.add(v);
    }
    values.add(last);
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * Seconds for an iteration decoding {@code d} sequences at mean context {@code c} and prefilling
   * {@code p} tokens.
   */
  double seconds(double d, double c, double p) {
    int i = cell(decodes, d);
    int j = cell(contexts, c);
    int k = cell(prefills, p);
    double fd = fraction(decodes, i, d);
    double fc = fraction(contexts, j, c);
    double fp = fraction(prefills, k, p);
    double result = 0;
    for (int a = 0; a <= 1; a++) {
      for (int b = 0; b <= 1; b++) {
        for (int e = 0; e <= 1; e++) {
          double w = (a == 0 ? 1 - fd : fd) * (b == 0 ? 1 - fc : fc) * (e == 0 ? 1 - fp : fp);
          if (w != 0) {
            result +=
                w
                    * seconds[Math.min(i + a, decodes.length - 1)][
                        Math.min(j + b, contexts.length - 1)][Math.min(k + e, prefills.length - 1)];
          }
        }
      }
    }
    return result;
  }

  /** The grid cell holding x: the last index whose value is at most x (clamped). */
  private static int cell(double[] grid, double x) {
    int i = 0;
    while (i + 1 < grid.length - 1 && grid[i + 1] <= x) {
      i++;
    }
    return i;
  }

  private static double fraction(double[] grid, int i, double x) {
    if (grid.length == 1) {
      return 0;
    }
    double lo = grid[i];
    double hi = grid[i + 1];
    return hi == lo ? 0 : Math.max(0, Math.min(1, (x - lo) / (hi - lo)));
  }
}
