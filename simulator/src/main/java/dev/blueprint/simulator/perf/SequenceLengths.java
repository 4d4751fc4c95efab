package dev.blueprint.simulator.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/**
 * The input and output lengths of an LLM workload's requests: one fixed pair, or a distribution
 * such as a benchmark dataset's length histogram. In-flight batching sees the requests as they stay
 * in the batch, which is longer for those with long outputs, so the running set is weighted by
 * output length; that is why a distribution does not serve like its means.
 *
 * @param points the length pairs and their weights (any positive scale)
 */
public record SequenceLengths(List<Point> points) {
  private static final String RESOURCE = "dev/blueprint/simulator/perf/sequence-lengths.csv";

  /**
   * One kind of request.
   *
   * @param input prompt tokens
   * @param output generated tokens
   * @param weight its share of the requests
   */
  public record Point(double input, double output, double weight) {
    public Point {
      if (!(input >= 1) || !(output >= 1) || !(weight > 0)) {
        throw new IllegalArgumentException(
            "lengths must be at least 1 and weights positive, got "
                + input
                + ", "
                + output
                + ", "
                + weight);
      }
    }
  }

  public SequenceLengths {
    points = List.copyOf(points);
    if (points.isEmpty()) {
      throw new IllegalArgumentException("a length distribution needs at least one point");
    }
  }

  /** Every request with the same lengths. */
  public static SequenceLengths fixed(int inputTokens, int outputTokens) {
    if (inputTokens < 1 || outputTokens < 1) {
      throw new IllegalArgumentException("--input and --output must be at least 1");
    }
    return new SequenceLengths(List.of(new Point(inputTokens, outputTokens, 1)));
  }

  /** Whether every request has the same lengths. */
  public boolean isFixed() {
    return points.size() == 1;
  }

  private double total() {
    return points.stream().mapToDouble(Point::weight).sum();
  }

  public double meanInput() {
    return points.stream().mapToDouble(p -> p.weight() * p.input()).sum() / total();
  }

  public double meanOutput() {
    return points.stream().mapToDouble(p -> p.weight() * p.output()).sum() / total();
  }

  /** The longest request, input and output together. */
  public double longest() {
    return points.stream().mapToDouble(p -> p.input() + p.output()).max().orElseThrow();
  }

  /**
   * KV-cache tokens a running request holds on average: requests stay in the batch for their output
   * length, and each reserves its whole footprint (rounded by {@code reserved}) while it runs.
   */
  public double runningFootprint(DoubleUnaryOperator reserved) {
    return outputWeighted(p -> reserved.applyAsDouble(p.input() + p.output()));
  }

  /** The context a decoding sequence has on average: its input and half its output. */
  public double decodeContext() {
    return outputWeighted(p -> p.input() + p.output() / 2);
  }

  /**
   * The prompt length whose attention cost per token equals the mix's: attention work grows with
   * the square of the length, so it is E[input²] / E[input].
   */
  public double prefillLength() {
    return points.stream().mapToDouble(p -> p.weight() * p.input() * p.input()).sum()
        / points.stream().mapToDouble(p -> p.weight() * p.input()).sum();
  }

  private double outputWeighted(java.util.function.ToDoubleFunction<Point> f) {
    return points.stream().mapToDouble(p -> p.weight() * p.output() * f.applyAsDouble(p)).sum()
        / points.stream().mapToDouble(p -> p.weight() * p.output()).sum();
  }

  /** The same shape with inputs and outputs scaled to the given means. */
  public SequenceLengths withMeans(OptionalDouble inputMean, OptionalDouble outputMean) {
    double in = inputMean.isPresent() ? inputMean.getAsDouble() / meanInput() : 1;
    double out = outputMean.isPresent() ? outputMean.getAsDouble() / meanOutput() : 1;
    return new SequenceLengths(
        points.stream()
            .map(
                p ->
                    new Point(
                        Math.max(1, p.input() * in), Math.max(1, p.output() * out), p.weight()))
            .toList());
  }

  /** The dataset ids {@link #dataset} knows. */
  public static List<String> datasets() {
    return List.copyOf(Datasets.BY_ID.keySet());
  }

  /**
   * A benchmark dataset's lengths: its input histogram and the shape of its reference outputs,
   * taken as independent of each other (the sources give the two histograms, not the joint one),
   * scaled to the generated-output mean the benchmark checks when it publishes one. Bucket
   * midpoints stand for their buckets.
   *
   * @param outputMean the mean generated length when the caller knows it (a run's own figure);
   *     required for a dataset without an output histogram
   * @throws IllegalArgumentException for an unknown dataset, naming the known ones
   */
  public static SequenceLengths dataset(String id, OptionalDouble outputMean) {
    Histograms h = Datasets.BY_ID.get(id);
    if (h == null) {
      throw new IllegalArgumentException(
          "unknown length dataset '" + id + "'; known: " + String.join(", ", datasets()));
    }
    OptionalDouble mean = outputMean.isPresent() ? outputMean : h.generatedMean();
    List<double[]> outputs = h.output();
    if (outputs.isEmpty()) {
      if (mean.isEmpty()) {
        throw new IllegalArgumentException(
            "dataset '" + id + "' has no output histogram; give output_tokens");
      }
      outputs = List.of(new double[] {mean.getAsDouble(), mean.getAsDouble(), 1});
    }
    List<Point> points = new ArrayList<>();
    for (double[] in : h.input()) {
      for (double[] out : outputs) {
        points.add(
            new Point(
                Math.max(1, (in[0] + in[1]) / 2),
                Math.max(1, (out[0] + out[1]) / 2),
                in[2] * out[2]));
      }
    }
    return new SequenceLengths(points).withMeans(OptionalDouble.empty(), mean);
  }

  private record Histograms(
      List<double[]> input, List<double[]> output, OptionalDouble generatedMean) {
    Histograms {
      Objects.requireNonNull(generatedMean, "generatedMean");
    }
  }

  private static final class Datasets {
    static final Map<String, Histograms> BY_ID = load();

    private static Map<String, Histograms> load() {
      String text;
      try (InputStream in = SequenceLengths.class.getClassLoader().getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, List<double[]>> inputs = new LinkedHashMap<>();
      Map<String, List<double[]>> outputs = new LinkedHashMap<>();
      Map<String, Double> means = new LinkedHashMap<>();
      TreeSet<String> ids = new TreeSet<>();
      String[] lines = text.split("\n");
      for (int i = 0; i < lines.length; i++) {
        String line = lines[i].strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",");
        if (f.length != 5) {
          throw new IllegalStateException(RESOURCE + ":" + (i + 1) + ": expected 5 fields");
        }
        ids.add(f[0]);
        double[] bucket = {
          Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])
        };
        switch (f[1]) {
          case "input" -> inputs.computeIfAbsent(f[0], k -> new ArrayList<>()).add(bucket);
          case "output" -> outputs.computeIfAbsent(f[0], k -> new ArrayList<>()).add(bucket);
          case "generated_mean" -> means.put(f[0], bucket[0]);
          default ->
              throw new IllegalStateException(
                  RESOURCE + ":" + (i + 1) + ": unknown series '" + f[1] + "'");
        }
      }
      Map<String, Histograms> byId = new LinkedHashMap<>();
      for (String id : ids) {
        byId.put(
            id,
            new Histograms(
                inputs.getOrDefault(id, List.of()),
                outputs.getOrDefault(id, List.of()),
                means.containsKey(id) ? OptionalDouble.of(means.get(id)) : OptionalDouble.empty()));
      }
      return byId;
    }
  }
}
