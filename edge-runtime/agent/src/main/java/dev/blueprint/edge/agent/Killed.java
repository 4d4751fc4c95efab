package dev.blueprint.edge.agent;

/** Thrown by a {@link Faults} hook: the simulated process death. */
public final class Killed extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public Killed(String where) {
    super("killed " + where);
  }
}
