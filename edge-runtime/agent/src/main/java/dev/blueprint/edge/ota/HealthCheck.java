package dev.blueprint.edge.ota;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The check a model bundle must pass after the switch, before it is committed: its model loads,
 * golden inputs give the expected outputs (within a tolerance), the slowest golden run stays inside
 * a latency budget, and the share of failed runs stays under a limit. The bundle carries its own
 * check in {@code golden.json}; the publisher writes it with {@code bundle golden}.
 */
public final class HealthCheck {
  private HealthCheck() {}

  public static final String FILE = "golden.json";

  /** What golden.json holds. */
  public record Golden(
      String model,
      List<float[]> inputs,
      List<float[]> expected,
      double tolerance,
      double latencyBudgetMs,
      int rounds,
      double maxErrorRate) {}

  /** The outcome, with the figures behind it. */
  public record Result(
      boolean passed, String reason, double maxDifference, double p99Ms, int runs, int errors) {}

  public static Result run(Path slot) {
    Golden g;
    try {
      g = read(slot.resolve(FILE));
    } catch (IOException | RuntimeException e) {
      return new Result(false, "golden.json: " + e.getMessage(), Double.NaN, Double.NaN, 0, 0);
    }
    Interpreter session;
    Graph graph;
    try {
      graph = ModelFile.read(slot.resolve(g.model()));
      session = new Interpreter(graph);
    } catch (RuntimeException e) {
      return new Result(
          false, g.model() + " does not load: " + e.getMessage(), Double.NaN, Double.NaN, 0, 0);
    }
    TensorShape shape = graph.input(0).shape();
    List<Long> nanos = new ArrayList<>();
    double maxDiff = 0;
    int errors = 0;
    int runs = 0;
    String firstError = null;
    for (int round = 0; round < g.rounds(); round++) {
      for (int i = 0; i < g.inputs().size(); i++) {
        runs++;
        try {
          long t0 = System.nanoTime();
          float[] out = session.run(Tensor.of(shape.withBatch(1), g.inputs().get(i))).toFloats();
          nanos.add(System.nanoTime() - t0);
          float[] want = g.expected().get(i);
          if (out.length != want.length) {
            throw new IllegalStateException(
                "output has " + out.length + " values, golden.json expects " + want.length);
          }
          for (int j = 0; j < out.length; j++) {
            maxDiff = Math.max(maxDiff, Math.abs(out[j] - want[j]));
          }
        } catch (RuntimeException e) {
          errors++;
          firstError = firstError == null ? e.getMessage() : firstError;
        }
      }
    }
    long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    double p99 =
        sorted.length == 0 ? Double.NaN : sorted[(int) Math.ceil(0.99 * sorted.length) - 1] / 1e6;
    double errorRate = runs == 0 ? 1 : (double) errors / runs;
    String reason = null;
    if (errorRate > g.maxErrorRate()) {
      reason =
          String.format(
              "%d of %d golden runs failed (%s), more than the %.0f%% allowed",
              errors, runs, firstError, 100 * g.maxErrorRate());
    } else if (maxDiff > g.tolerance()) {
      reason =
          String.format(
              "outputs differ from golden.json by up to %.3g, more than the tolerance %.3g",
              maxDiff, g.tolerance());
    } else if (p99 > g.latencyBudgetMs()) {
      reason =
          String.format("p99 latency %.3f ms is over the %.3f ms budget", p99, g.latencyBudgetMs());
    }
    return new Result(
        reason == null, reason == null ? "passed" : reason, maxDiff, p99, runs, errors);
  }

  public static Golden read(Path file) throws IOException {
    String where = file.toString();
    JsonNode n = Json.parse(Files.readAllBytes(file), where);
    String model = Json.text(n, "model", where);
    if (!BundlePaths.isSafe(model)) {
      throw new Rejection(
          Rejection.Reason.BAD_PATH, where + ": model '" + model + "' " + BundlePaths.why(model));
    }
    List<float[]> inputs = vectors(Json.list(n, "inputs", where), where + ": inputs");
    List<float[]> expected = vectors(Json.list(n, "expected", where), where + ": expected");
    if (inputs.isEmpty() || inputs.size() != expected.size()) {
      throw new Rejection(
          Rejection.Reason.MALFORMED,
          where
              + ": "
              + inputs.size()
              + " inputs and "
              + expected.size()
              + " expected outputs; need the same, at least 1");
    }
    return new Golden(
        model,
        inputs,
        expected,
        n.path("tolerance").asDouble(1e-4),
        n.path("latency_budget_ms").asDouble(100),
        Math.max(1, n.path("rounds").asInt(20)),
        n.path("max_error_rate").asDouble(0));
  }

  public static byte[] toJson(Golden g) {
    ObjectNode n = Envelope.JSON.createObjectNode();
    n.put("model", g.model())
        .put("tolerance", g.tolerance())
        .put("latency_budget_ms", g.latencyBudgetMs())
        .put("rounds", g.rounds())
        .put("max_error_rate", g.maxErrorRate());
    ArrayNode in = n.putArray("inputs");
    g.inputs().forEach(v -> add(in.addArray(), v));
    ArrayNode out = n.putArray("expected");
    g.expected().forEach(v -> add(out.addArray(), v));
    return Json.bytes(n);
  }

  private static void add(ArrayNode a, float[] v) {
    for (float x : v) {
      a.add(x);
    }
  }

  private static List<float[]> vectors(JsonNode list, String where) {
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      JsonNode row = list.get(i);
      if (!row.isArray()) {
        throw new Rejection(
            Rejection.Reason.MALFORMED, where + "[" + i + "] must be a list of numbers");
      }
      float[] v = new float[row.size()];
      for (int j = 0; j < v.length; j++) {
        if (!row.get(j).isNumber()) {
          throw new Rejection(
              Rejection.Reason.MALFORMED, where + "[" + i + "][" + j + "] is not a number");
        }
        v[j] = (float) row.get(j).asDouble();
      }
      out.add(v);
    }
    return out;
  }

  static String describe(Result r) {
    return r.passed()
        ? String.format(
            "passed: %d runs, p99 %.3f ms, max difference %.3g",
            r.runs(), r.p99Ms(), r.maxDifference())
        : "failed: " + r.reason();
  }
}
