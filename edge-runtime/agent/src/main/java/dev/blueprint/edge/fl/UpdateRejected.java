package dev.blueprint.edge.fl;

import java.util.Locale;
import java.util.Objects;

/**
 * An encoded update the server refuses, with the reason a round's metrics count. Thrown by {@link
 * UpdateCodec#decode} for anything it cannot trust: it never adds such an update to a model.
 */
public final class UpdateRejected extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Why an update was refused; {@link #word()} is the name round metrics count it under. */
  public enum Reason {
    /** The first byte names a format version this build does not read. */
    BAD_VERSION,
    /** The encoding code is not one of float32, int8, top-k float32, top-k int8. */
    BAD_ENCODING,
    /** The update was made for another federated task. */
    WRONG_TASK,
    /** The update was made for another model: tensor names, shapes or order differ. */
    WRONG_LAYOUT,
    /** The update answers a later round than the one collecting (or a replay of a future one). */
    WRONG_ROUND,
    /**
     * The update answers an earlier round: it came after its round closed (a coordinator counts it
     * as late, not as a fault of the device).
     */
    LATE,
    /** The bytes end before the update does. */
    TRUNCATED,
    /** Bytes follow the last tensor. */
    TRAILING_BYTES,
    /** A variable-length integer or a field is not well formed. */
    MALFORMED,
    /** Top-k positions that are out of range, miscounted or padded with set bits. */
    BAD_POSITIONS,
    /** An int8 scale that is negative, NaN, infinite or overflows when multiplied by 127. */
    BAD_SCALE,
    /** An int8 code outside -127..127. */
    BAD_VALUE,
    /** A float value that is NaN or infinite. */
    NON_FINITE,
    /** The sender was not asked for this round (the coordinator's check, not the decoder's). */
    NOT_SELECTED,
    /** A second update from the same device for the same round (the coordinator's check). */
    DUPLICATE;

    /** Lower case with dashes: {@code wrong-round}. */
    public String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Reason reason;

  public UpdateRejected(Reason reason, String message) {
    super(Objects.requireNonNull(reason, "reason").word() + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
