package dev.blueprint.edge.runtime;

/**
 * An input the model cannot take: wrong shape or type, NaN or infinity, an id outside its table.
 * Raised before any work is done, so a daemon answers the request with the message and goes on.
 */
public final class InvalidModelInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidModelInputException(String message) {
    super(message);
  }
}
