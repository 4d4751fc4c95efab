package dev.blueprint.edge.mqtt;

/**
 * Why a link could not connect, subscribe or publish, sorted into the few causes an operator acts
 * on differently: fix the address, the credentials or the certificates, or wait for the broker.
 */
public final class LinkException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The cause, as an operator would act on it. */
  public enum Kind {
    /** The broker address is malformed or names an unknown scheme. */
    BAD_ADDRESS("bad broker address"),
    /** Nothing answers at the address (down, unreachable, refused, timed out). */
    UNREACHABLE("broker unreachable"),
    /** The broker refused the user name or password. */
    BAD_CREDENTIALS("user name or password refused"),
    /** The broker accepted the credentials but not this client (ACL, client id). */
    NOT_AUTHORIZED("not authorized"),
    /** The TLS handshake failed: untrusted or invalid certificate, or no TLS at the other end. */
    TLS("TLS handshake failed"),
    /** The operation needs a connection and there is none right now. */
    NOT_CONNECTED("not connected"),
    /** The broker did not acknowledge in time. */
    TIMEOUT("no acknowledgement in time"),
    /** Anything else the client library reported. */
    OTHER("MQTT error");

    private final String description;

    Kind(String description) {
      this.description = description;
    }

    /** A few words for logs and reports. */
    public String description() {
      return description;
    }

    /** Whether waiting alone can fix it (as opposed to a change of configuration). */
    public boolean transientCause() {
      return this == UNREACHABLE || this == NOT_CONNECTED || this == TIMEOUT || this == OTHER;
    }
  }

  private final Kind kind;

  public LinkException(Kind kind, String detail, Throwable cause) {
    super(kind.description() + ": " + detail, cause);
    this.kind = kind;
  }

  public LinkException(Kind kind, String detail) {
    this(kind, detail, null);
  }

  public Kind kind() {
    return kind;
  }
}
