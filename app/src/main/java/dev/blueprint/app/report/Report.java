package dev.blueprint.app.report;

import dev.blueprint.simulator.validate.Confidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a command prints: a title, key figures, tables and notes.
 *
 * @param title first line
 * @param figures the headline results, in order
 * @param tables detailed tables
 * @param notes assumptions and caveats, printed last
 * @param confidence how far the figures can be trusted: the validation results of each device class
 *     the report predicts for (docs/validation.md), printed beside the figures
 */
public record Report(
    String title,
    List<Figure> figures,
    List<Table> tables,
    List<String> notes,
    List<Confidence> confidence) {
  public Report {
    Objects.requireNonNull(title, "title");
    figures = List.copyOf(figures);
    tables = List.copyOf(tables);
    notes = List.copyOf(notes);
    confidence = List.copyOf(confidence);
  }

  /**
   * One headline figure.
   *
   * @param key machine name
   * @param label what people read
   * @param value a Number, String or Boolean
   * @param unit the unit of a number, or empty
   * @param decimals digits shown after the point
   */
  public record Figure(String key, String label, Object value, String unit, int decimals) {
    /** A figure that is words, not a number. */
    public static Figure text(String key, String label, String value) {
      return new Figure(key, label, value, "", 0);
    }
  }

  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** Collects figures, tables and notes. */
  public static final class Builder {
    private final String title;
    private final List<Figure> figures = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<Confidence> confidence = new ArrayList<>();

    private Builder(String title) {
      this.title = title;
    }

    public Builder figure(String key, String label, double value, String unit, int decimals) {
      figures.add(new Figure(key, label, value, unit, decimals));
      return this;
    }

    public Builder text(String key, String label, String value) {
      figures.add(new Figure(key, label, value, "", 0));
      return this;
    }

    public Builder table(Table table) {
      tables.add(table);
      return this;
    }

    public Builder note(String note) {
      notes.add(note);
      return this;
    }

    /** Adds how far the figures for a device class can be trusted (once per class). */
    public Builder confidence(Confidence c) {
      if (confidence.stream().noneMatch(known -> known.deviceClass() == c.deviceClass())) {
        confidence.add(c);
      }
      return this;
    }

    public Report build() {
      return new Report(title, figures, tables, notes, confidence);
    }
  }
}
