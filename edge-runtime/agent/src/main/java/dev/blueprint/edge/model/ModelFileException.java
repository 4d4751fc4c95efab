package dev.blueprint.edge.model;

/** A model file that cannot be used: truncated, corrupted, from a newer runtime, or not a model. */
public final class ModelFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ModelFileException(String message) {
    super(message);
  }

  public ModelFileException(String message, Throwable cause) {
    super(message, cause);
  }
}
