package dev.blueprint.simulator.io;

import java.util.Objects;

/**
 * One thing wrong with an input file, with where it is.
 *
 * @param origin the file path or resource name as the user knows it
 * @param line 1-based line, or 0 when the problem concerns the whole file
 * @param column 1-based column, or 0 when unknown
 * @param field the dotted path of the field ({@code memory.bandwidth}), or empty
 * @param message what is wrong and what is allowed
 */
public record Problem(String origin, int line, int column, String field, String message) {
  public Problem {
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
    if (line < 0 || column < 0) {
      throw new IllegalArgumentException(
          "line and column must not be negative: " + line + ":" + column);
    }
  }

  /** {@code file.yaml:14:5: field 'memory.bandwidth': expected ..., got '3.35TB'}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(origin);
    if (line > 0) {
      text.append(':').append(line);
      if (column > 0) {
        text.append(':').append(column);
      }
    }
    text.append(": ");
    if (!field.isEmpty()) {
      text.append("field '").append(field).append("': ");
    }
    return text.append(message).toString();
  }
}
