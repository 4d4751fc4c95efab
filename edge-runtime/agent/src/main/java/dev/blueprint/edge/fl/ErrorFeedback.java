package dev.blueprint.edge.fl;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What a client did not send yet: the residual of a lossy encoding, added to the next round's
 * update before it is encoded (error feedback, as top-k sparsification needs to converge). The
 * client owns one per task and saves {@link #residual()} with its state; {@link #restore} brings it
 * back, so a restarted device sends exactly what it would have sent.
 *
 * <p>Not thread-safe: one client encodes one update at a time.
 */
public final class ErrorFeedback {
  private Weights residual;

  /** No residual yet: the first update is sent as it is. */
  public ErrorFeedback(ParameterLayout layout) {
    this.residual = Weights.zeros(layout);
  }

  private ErrorFeedback(Weights residual) {
    this.residual = residual;
  }

  /**
   * The state saved earlier by {@link #residual()}.
   *
   * @throws IllegalArgumentException if the residual holds NaN or infinity
   */
  public static ErrorFeedback restore(Weights residual) {
    int bad = residual.firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "saved residual holds " + residual.get(bad) + " at index " + bad);
    }
    return new ErrorFeedback(residual);
  }

  /** What has been left out so far, to save with the client's state. */
  public Weights residual() {
    return residual;
  }

  /**
   * Encodes {@code delta} plus the residual, and keeps as the new residual what the encoding lost:
   * {@code delta + residual - sent}. With float32 the residual stays zero.
   *
   * @throws IllegalArgumentException if {@code delta} has another layout or is not finite; the
   *     residual is then unchanged
   */
  public UpdateCodec.EncodedUpdate encode(
      Weights delta, UpdateEncoding encoding, long round, String taskId, RandomGenerator rng) {
    Objects.requireNonNull(delta, "delta");
    Weights corrected = delta.plusScaled(residual, 1.0);
    UpdateCodec.EncodedUpdate encoded = UpdateCodec.encode(corrected, encoding, round, taskId, rng);
    residual = corrected.minus(encoded.sent());
    return encoded;
  }
}
