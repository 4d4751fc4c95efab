package dev.blueprint.edge.coordinator.fl.runner;

import dev.blueprint.edge.fl.UpdateEncoding;
import dev.blueprint.edge.fl.Weights;
import dev.blueprint.edge.fl.train.TrainingSettings;
import java.time.Instant;
import java.util.Objects;

/**
 * What a device is asked to do in one round.
 *
 * @param taskId the task
 * @param round the round (1-based; round 0 is the starting model)
 * @param global the model to start from
 * @param local how to train
 * @param encoding how to encode the upload
 * @param seed the device's seed for this round (shuffling, stochastic rounding)
 * @param deadline uploads after this are late and dropped
 */
public record RoundOffer(
    String taskId,
    long round,
    Weights global,
    TrainingSettings local,
    UpdateEncoding encoding,
    long seed,
    Instant deadline) {
  public RoundOffer {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(global, "global");
    Objects.requireNonNull(local, "local");
    Objects.requireNonNull(encoding, "encoding");
    Objects.requireNonNull(deadline, "deadline");
  }
}
