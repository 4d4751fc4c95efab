package dev.blueprint.simulator.io;

import java.util.List;

/** An id that is not in a catalog; the message suggests the nearest ids. */
public final class UnknownIdException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String id;
  private final List<String> suggestions;

  public UnknownIdException(String what, String id, List<String> suggestions, String extra) {
    super(
        "unknown "
            + what
            + " '"
            + id
            + "'"
            + (suggestions.isEmpty()
                ? ""
                : "; did you mean "
                    + String.join(", ", suggestions.stream().map(s -> "'" + s + "'").toList())
                    + "?")
            + extra);
    this.id = id;
    this.suggestions = List.copyOf(suggestions);
  }

  public String id() {
    return id;
  }

  public List<String> suggestions() {
    return suggestions;
  }
}
