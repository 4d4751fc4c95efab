package dev.blueprint.simulator.validate;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One published measurement, as a row of the reference CSV format (columns defined in {@code
 * shared/reference/README.md}, mirrored in {@code docs/validation.md}).
 *
 * @param id row id
 * @param line the line of the CSV it came from
 * @param hardware hardware-profile id
 * @param count devices in total
 * @param model model-profile id
 * @param precision requested precision
 * @param scenario offline, server, single-stream, llm-throughput, llm-static-batch, kernel,
 *     training or collective
 * @param batch static batch (training: global batch in sequences)
 * @param inputTokens input or sequence length
 * @param outputTokens generated tokens
 * @param tensorParallel tp degree
 * @param pipelineParallel pp degree
 * @param latencyBoundMs p99 bound of server rows
 * @param options extra settings
 * @param metric what was measured
 * @param value the measured value
 * @param unit its unit
 * @param source where it was published
 */
public record Measurement(
    String id,
    int line,
    String hardware,
    int count,
    String model,
    String precision,
    String scenario,
    OptionalInt batch,
    OptionalInt inputTokens,
    OptionalInt outputTokens,
    OptionalInt tensorParallel,
    OptionalInt pipelineParallel,
    OptionalDouble latencyBoundMs,
    Map<String, String> options,
    String metric,
    double value,
    String unit,
    String source) {
  public Measurement {
    Objects.requireNonNull(id, "id");
    options = Map.copyOf(options);
  }

  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key));
  }

  public int optionInt(String key, int fallback) {
    return option(key).map(Integer::parseInt).orElse(fallback);
  }

  public boolean optionFlag(String key) {
    return option(key).map(Boolean::parseBoolean).orElse(false);
  }
}
