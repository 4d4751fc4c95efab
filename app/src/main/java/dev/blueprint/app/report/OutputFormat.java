package dev.blueprint.app.report;

/** How a command prints its result. */
public enum OutputFormat {
  /** Aligned columns for people. */
  TABLE,
  /** Comma-separated values with a header row, for spreadsheets and scripts. */
  CSV,
  /** One JSON document, for programs. */
  JSON
}
