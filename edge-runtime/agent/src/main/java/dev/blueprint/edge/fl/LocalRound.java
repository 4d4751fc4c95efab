package dev.blueprint.edge.fl;

import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.fl.train.LocalTrainer;
import dev.blueprint.edge.fl.train.Network;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * A device's part of one round, from the offer to the bytes it uploads: train from the global model
 * on the local data with the offer's settings and seed, take the difference, and encode it (top-k
 * encodings carry what they left out into the next round: error feedback). Everything is determined
 * by the offer, the data and the error-feedback state, so a replay of the round asks the same
 * device for the same bytes.
 */
public final class LocalRound {
  private LocalRound() {}

  /**
   * What the round produced.
   *
   * @param update the encoded update, empty if training was stopped before its end
   * @param samples the local samples trained on
   * @param trainingSeconds wall time of the training itself
   */
  public record Outcome(Optional<byte[]> update, long samples, double trainingSeconds) {
    public Outcome {
      Objects.requireNonNull(update, "update");
      update = update.map(byte[]::clone);
    }

    @Override
    public Optional<byte[]> update() {
      return update.map(byte[]::clone);
    }
  }

  /**
   * @param network {@link #network} of this offer
   * @param feedback the device's error feedback for this task (updated in place when used)
   * @param keepGoing checked before every step; false stops training and nothing is sent
   * @param send what the device makes of its honest difference before encoding it (the identity,
   *     but for a drill's malicious devices)
   * @throws IllegalArgumentException if the data does not fit the model, or the update is not
   *     finite (a diverged device has nothing it can send)
   */
  public static Outcome run(
      RoundMessage offer,
      Network network,
      LabeledData data,
      ErrorFeedback feedback,
      BooleanSupplier keepGoing,
      UnaryOperator<Weights> send) {
    Weights global = network.weights();
    long started = System.nanoTime();
    LocalTrainer.Result r =
        new LocalTrainer(network).train(global, data, offer.local(), offer.seed(), keepGoing);
    double seconds = (System.nanoTime() - started) / 1e9;
    if (!r.completed()) {
      return new Outcome(Optional.empty(), r.samples(), seconds);
    }
    Weights delta = send.apply(r.weights().minus(global));
    SplittableRandom rounding = new SplittableRandom(offer.seed());
    UpdateCodec.EncodedUpdate encoded =
        offer.encoding() instanceof UpdateEncoding.TopK
            ? feedback.encode(delta, offer.encoding(), offer.round(), offer.taskId(), rounding)
            : UpdateCodec.encode(delta, offer.encoding(), offer.round(), offer.taskId(), rounding);
    return new Outcome(Optional.of(encoded.bytes()), r.samples(), seconds);
  }

  /**
   * The offer's global model, ready to train with the offer's batch size: built once per round, it
   * also tells the sample shape and the layout an error-feedback state must match.
   */
  public static Network network(RoundMessage offer) {
    return Network.of(offer.graph(), offer.local().batchSize());
  }
}
