package dev.blueprint.simulator.io;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An input (a profile, a design, a CSV) that cannot be used, with every problem found in it, not
 * just the first. Nothing from such an input is kept.
 */
public final class InvalidInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidInputException(List<Problem> problems) {
    super(render(problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid input needs at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  public static InvalidInputException of(Problem problem) {
    return new InvalidInputException(List.of(problem));
  }

  public List<Problem> problems() {
    return problems;
  }

  /** Shown in the message; all of them stay available through {@link #problems()}. */
  static final int SHOWN = 25;

  private static String render(List<Problem> problems) {
    String shown =
        problems.stream().limit(SHOWN).map(Problem::toString).collect(Collectors.joining("\n"));
    return problems.size() <= SHOWN
        ? shown
        : shown + "\n... and " + (problems.size() - SHOWN) + " more problems";
  }
}
