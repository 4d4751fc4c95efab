package dev.blueprint.edge.coordinator.fl;

import dev.blueprint.edge.fl.ParameterLayout;
import dev.blueprint.edge.fl.Weights;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * How a round's client updates become one update (docs/federated.md, "Strategies and aggregation").
 * Every implementation first puts the updates in client-id order and sums in double, so the result
 * is the same bit for bit whatever order the updates arrived in.
 */
public sealed interface Aggregation
    permits Aggregation.Mean,
        Aggregation.Median,
        Aggregation.TrimmedMean,
        Aggregation.Krum,
        Aggregation.MultiKrum {

  /**
   * Combines the updates of one round.
   *
   * @throws IllegalArgumentException if there are none, two share a client id, their layouts
   *     differ, or there are too few for this rule (Krum needs {@code n ≥ 2f + 3})
   */
  Weights aggregate(List<ClientUpdate> updates);

  /** The task-file word, parameters included, that {@link #parse} reads back. */
  String word();

  /** The words {@link #parse} knows, for messages and help. */
  String KNOWN = "mean, median, trimmed-mean[:BETA], krum[:F], multi-krum[:F][,m=M]";

  /**
   * Reads a task-file word: {@code mean}, {@code median}, {@code trimmed-mean:0.1} (β, default
   * 0.2), {@code krum:2} (f, default 0), {@code multi-krum:2} or {@code multi-krum:2,m=5} (m
   * default n − f).
   *
   * @throws IllegalArgumentException naming the word, the bad value and what is accepted
   */
  static Aggregation parse(String word) {
    String name = word.strip();
    int colon = name.indexOf(':');
    name = colon < 0 ? name : name.substring(0, colon);
    switch (name) {
      case "mean":
        Words.split("aggregation", word, null, List.of());
        return new Mean();
      case "median":
        Words.split("aggregation", word, null, List.of());
        return new Median();
      case "trimmed-mean":
        {
          Words w = Words.split("aggregation", word, "beta", List.of("beta"));
          return new TrimmedMean(w.number("beta", TrimmedMean.DEFAULT_BETA, 0, 0.5, false));
        }
      case "krum":
        {
          Words w = Words.split("aggregation", word, "f", List.of("f"));
          return new Krum(w.whole("f", 0, 0));
        }
      case "multi-krum":
        {
          Words w = Words.split("aggregation", word, "f", List.of("f", "m"));
          return new MultiKrum(w.whole("f", 0, 0), w.has("m") ? w.whole("m", 0, 1) : 0);
        }
      default:
        throw new IllegalArgumentException("unknown aggregation '" + word + "'; known: " + KNOWN);
    }
  }

  /** The mean weighted by each client's sample count (FedAvg's aggregation). */
  record Mean() implements Aggregation {
    @Override
    public Weights aggregate(List<ClientUpdate> updates) {
      List<ClientUpdate> sorted = inClientOrder(updates);
      ParameterLayout layout = sorted.get(0).delta().layout();
      double[] sum = new double[layout.size()];
      double total = 0;
      for (ClientUpdate u : sorted) {
        double w = u.samples();
        total += w;
        for (int i = 0; i < sum.length; i++) {
          sum[i] += w * u.delta().get(i);
        }
      }
      float[] out = new float[sum.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (sum[i] / total);
      }
      return Weights.adopt(layout, out);
    }

    @Override
    public String word() {
      return "mean";
    }
  }

  /** The coordinate-wise median, unweighted (the mean of the two middle values for even n). */
  record Median() implements Aggregation {
    @Override
    public Weights aggregate(List<ClientUpdate> updates) {
      List<ClientUpdate> sorted = inClientOrder(updates);
      return coordinateWise(
          sorted,
          column -> {
            int n = column.length;
            return n % 2 == 1 ? column[n / 2] : (column[n / 2 - 1] + column[n / 2]) / 2;
          });
    }

    @Override
    public String word() {
      return "median";
    }
  }

  /**
   * The coordinate-wise trimmed mean (Yin et al., arXiv 1803.01498): at each coordinate the {@code
   * floor(β n)} smallest and as many largest values are dropped and the rest averaged, unweighted.
   *
   * @param beta the share dropped at each end, in [0, 0.5)
   */
  record TrimmedMean(double beta) implements Aggregation {
    /** Flower's FedTrimmedAvg default (docs/federated.md). */
    public static final double DEFAULT_BETA = 0.2;

    public TrimmedMean {
      if (!(beta >= 0 && beta < 0.5)) {
        throw new IllegalArgumentException(
            "trimmed-mean beta must be at least 0 and below 0.5, got " + beta);
      }
    }

    @Override
    public Weights aggregate(List<ClientUpdate> updates) {
      List<ClientUpdate> sorted = inClientOrder(updates);
      int n = sorted.size();
      int cut = (int) Math.floor(beta * n);
      return coordinateWise(
          sorted,
          column -> {
            double sum = 0;
            for (int i = cut; i < n - cut; i++) {
              sum += column[i];
            }
            return sum / (n - 2 * cut);
          });
    }

    @Override
    public String word() {
      return "trimmed-mean:" + Words.plain(beta);
    }
  }

  /**
   * Krum (Blanchard et al. 2017): the one update whose summed squared distance to its {@code n − f
   * − 2} nearest neighbours is smallest, ties to the lower client id. Needs {@code n ≥ 2f + 3}.
   *
   * @param f how many clients may be Byzantine, 0 or more
   */
  record Krum(int f) implements Aggregation {
    public Krum {
      if (f < 0) {
        throw new IllegalArgumentException("krum f must be 0 or more, got " + f);
      }
    }

    @Override
    public Weights aggregate(List<ClientUpdate> updates) {
      List<ClientUpdate> sorted = inClientOrder(updates);
      int best = krumRanking(sorted, f, "krum")[0];
      return sorted.get(best).delta();
    }

    @Override
    public String word() {
      return "krum:" + f;
    }
  }

  /**
   * Multi-Krum (Blanchard et al. 2017): the unweighted mean of the {@code m} updates with the best
   * Krum scores. Needs {@code n ≥ 2f + 3}.
   *
   * @param f how many clients may be Byzantine, 0 or more
   * @param m how many updates to average, 1 or more; 0 means {@code n − f}
   */
  record MultiKrum(int f, int m) implements Aggregation {
    public MultiKrum {
      if (f < 0) {
        throw new IllegalArgumentException("multi-krum f must be 0 or more, got " + f);
      }
      if (m < 0) {
        throw new IllegalArgumentException("multi-krum m must be 1 or more (0: n - f), got " + m);
      }
    }

    @Override
    public Weights aggregate(List<ClientUpdate> updates) {
      List<ClientUpdate> sorted = inClientOrder(updates);
      int n = sorted.size();
      int keep = m == 0 ? n - f : m;
      if (keep > n) {
        throw new IllegalArgumentException(
            "multi-krum m = " + keep + " is more than the " + n + " updates of the round");
      }
      int[] ranking = krumRanking(sorted, f, "multi-krum");
      int[] chosen = Arrays.copyOf(ranking, keep);
      Arrays.sort(chosen); // sum in client-id order
      ParameterLayout layout = sorted.get(0).delta().layout();
      double[] sum = new double[layout.size()];
      for (int c : chosen) {
        Weights d = sorted.get(c).delta();
        for (int i = 0; i < sum.length; i++) {
          sum[i] += d.get(i);
        }
      }
      float[] out = new float[sum.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (float) (sum[i] / keep);
      }
      return Weights.adopt(layout, out);
    }

    @Override
    public String word() {
      return "multi-krum:" + f + (m == 0 ? "" : ",m=" + m);
    }
  }

  // ---- shared ----

  /**
   * The updates in client-id order, after checking there is at least one, ids are unique and all
   * layouts are the first's.
   */
  private static List<ClientUpdate> inClientOrder(List<ClientUpdate> updates) {
    if (updates.isEmpty()) {
      throw new IllegalArgumentException("no updates to aggregate");
    }
    List<ClientUpdate> sorted = new ArrayList<>(updates);
    sorted.sort(Comparator.comparing(ClientUpdate::clientId));
    Set<String> seen = new HashSet<>();
    ParameterLayout layout = sorted.get(0).delta().layout();
    for (ClientUpdate u : sorted) {
      if (!seen.add(u.clientId())) {
        throw new IllegalArgumentException(
            "two updates from " + u.clientId() + " in one round; each client counts once");
      }
      layout.requireSameAs(u.delta().layout(), "update from " + u.clientId());
    }
    return sorted;
  }

  /** Applies {@code statistic} to each coordinate's values, sorted ascending. */
  private static Weights coordinateWise(
      List<ClientUpdate> sorted, ToDoubleFunction<double[]> statistic) {
    ParameterLayout layout = sorted.get(0).delta().layout();
    int n = sorted.size();
    float[][] rows = new float[n][];
    for (int c = 0; c < n; c++) {
      rows[c] = sorted.get(c).delta().toArray();
    }
    double[] column = new double[n];
    float[] out = new float[layout.size()];
    for (int i = 0; i < out.length; i++) {
      for (int c = 0; c < n; c++) {
        column[c] = rows[c][i];
      }
      Arrays.sort(column);
      out[i] = (float) statistic.applyAsDouble(column);
    }
    return Weights.adopt(layout, out);
  }

  /**
   * Indices into {@code sorted}, best Krum score first, ties to the lower index: a client's score
   * is the sum of its squared distances to its {@code n − f − 2} nearest others.
   */
  private static int[] krumRanking(List<ClientUpdate> sorted, int f, String rule) {
    int n = sorted.size();
    if (n < 2 * f + 3) {
      throw new IllegalArgumentException(
          rule
              + " with f = "
              + f
              + " needs at least "
              + (2 * f + 3)
              + " updates (2f + 3), the round has "
              + n);
    }
    float[][] rows = new float[n][];
    for (int c = 0; c < n; c++) {
      rows[c] = sorted.get(c).delta().toArray();
    }
    double[][] dist = new double[n][n];
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        double s = 0;
        float[] x = rows[a];
        float[] y = rows[b];
        for (int i = 0; i < x.length; i++) {
          double d = (double) x[i] - y[i];
          s += d * d;
        }
        dist[a][b] = s;
        dist[b][a] = s;
      }
    }
    int neighbours = n - f - 2;
    double[] score = new double[n];
    for (int a = 0; a < n; a++) {
      double[] others = new double[n - 1];
      int k = 0;
      for (int b = 0; b < n; b++) {
        if (b != a) {
          others[k++] = dist[a][b];
        }
      }
      Arrays.sort(others);
      double s = 0;
      for (int j = 0; j < neighbours; j++) {
        s += others[j];
      }
      score[a] = s;
    }
    Integer[] order = new Integer[n];
    for (int a = 0; a < n; a++) {
      order[a] = a;
    }
    Arrays.sort(order, Comparator.<Integer>comparingDouble(a -> score[a]).thenComparingInt(a -> a));
    int[] ranking = new int[n];
    for (int a = 0; a < n; a++) {
      ranking[a] = order[a];
    }
    return ranking;
  }
}
