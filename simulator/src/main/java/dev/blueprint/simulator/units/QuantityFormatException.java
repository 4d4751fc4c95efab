package dev.blueprint.simulator.units;

/**
 * A text that does not read as the expected quantity. The message says what was expected, lists the
 * accepted unit symbols from the parser's own table, and quotes the input.
 */
public final class QuantityFormatException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public QuantityFormatException(String message) {
    super(message);
  }
}
