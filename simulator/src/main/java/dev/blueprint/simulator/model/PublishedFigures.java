package dev.blueprint.simulator.model;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Headline figures a model's authors published, which the derived figures are checked against.
 *
 * @param params total parameters
 * @param activeParams parameters active per token (mixtures of experts)
 * @param macsPerSample multiply-accumulates per sample at the default input
 * @param flopsPerSample operations per sample at the default input
 * @param source the citation id these figures come from
 * @param activeExcludesInputEmbedding the published active count leaves out the input embedding
 *     table (a lookup, not arithmetic), as OpenAI's and DeepSeek's tables do
 */
public record PublishedFigures(
    OptionalDouble params,
    OptionalDouble activeParams,
    OptionalDouble macsPerSample,
    OptionalDouble flopsPerSample,
    String source,
    boolean activeExcludesInputEmbedding) {
  public static final PublishedFigures NONE =
      new PublishedFigures(
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          "",
          false);

  /** Figures whose active count, if any, includes every parameter a token touches. */
  public PublishedFigures(
      OptionalDouble params,
      OptionalDouble activeParams,
      OptionalDouble macsPerSample,
      OptionalDouble flopsPerSample,
      String source) {
    this(params, activeParams, macsPerSample, flopsPerSample, source, false);
  }

  public PublishedFigures {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(activeParams, "activeParams");
    Objects.requireNonNull(macsPerSample, "macsPerSample");
    Objects.requireNonNull(flopsPerSample, "flopsPerSample");
    Objects.requireNonNull(source, "source");
  }
}
