package dev.blueprint.edge.ota;

import java.util.Locale;

/** A bundle or metadata file refused, with the attack or fault it matches and why. */
public final class Rejection extends RuntimeException {
  /** What went wrong, named after the TUF/Uptane attack it defends against where there is one. */
  public enum Reason {
    /** Not valid JSON, a field missing or of the wrong kind. */
    MALFORMED,
    /** A signature that does not verify: arbitrary software. */
    BAD_SIGNATURE,
    /** Signed by a key the trusted metadata does not list: arbitrary software. */
    UNKNOWN_KEY,
    /** Signed by a key the trusted metadata revoked: arbitrary software. */
    REVOKED_KEY,
    /** Older than what the device already trusts: rollback. */
    ROLLBACK,
    /** Newer by more than the root allows in one step: fast-forward. */
    FAST_FORWARD,
    /** Past its expiry: indefinite freeze. */
    EXPIRED,
    /** More bytes than the manifest declares: endless data. */
    ENDLESS_DATA,
    /** A stalled transfer: slow retrieval. */
    STALLED,
    /** Content that does not match the signed hashes: mix-and-match or tampering. */
    MISMATCH,
    /** A file the manifest lists is missing or short: partial bundle. */
    PARTIAL,
    /** Built for other hardware or a newer runtime. */
    WRONG_TARGET,
    /** A path that would leave the bundle's folder, or a file the manifest does not list. */
    BAD_PATH,
    /** Does not fit on this device's disk. */
    NO_SPACE
  }

  private final Reason reason;

  public Rejection(Reason reason, String message) {
    super(reason.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
