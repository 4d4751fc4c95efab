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
 */
public record PublishedFigures(
    OptionalDouble params,
    OptionalDouble activeParams,
    OptionalDouble macsPerSample,
    OptionalDouble flopsPerSample,
    String source) {
  public static final PublishedFigures NONE =
      new PublishedFigures(
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          OptionalDouble.empty(),
          "");

  public PublishedFigures {
    Objects.requireNonNull(params, "params");
    Objects.requireNonNull(activeParams, "activeParams");
    Objects.requireNonNull(macsPerSample, "macsPerSample");
    Objects.requireNonNull(flopsPerSample, "flopsPerSample");
    Objects.requireNonNull(source, "source");
  }
}
