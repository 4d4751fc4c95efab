package dev.blueprint.app.history;

/**
 * What produced a recorded run or batch. The id is what the history stores in its {@code kind}
 * column; a record read back keeps the stored text, so a history written by a later version with
 * kinds this one does not know still reads.
 */
public enum RunKind {
  /** One simulation of a design ({@code blueprint simulate}, the workbench's Run). */
  SIMULATE("simulate"),
  /** Every combination of some parameters ({@code blueprint sweep}, the What-if tab). */
  SWEEP("sweep"),
  /** A search for the best combination ({@code blueprint optimize}, the What-if tab). */
  OPTIMIZE("optimize");

  private final String id;

  RunKind(String id) {
    this.id = id;
  }

  /** The text stored in the history. */
  public String id() {
    return id;
  }
}
