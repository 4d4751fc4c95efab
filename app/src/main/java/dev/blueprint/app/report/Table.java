package dev.blueprint.app.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A titled table of values. Numbers stay numbers until printed, so CSV and JSON get exact values
 * and the text table gets rounded ones.
 *
 * @param title what the table shows (empty for none)
 * @param columns column headers; a header ending in a unit in brackets keeps it in CSV and JSON
 *     keys
 * @param rows values per row: String, Number or Boolean
 */
public record Table(String title, List<Column> columns, List<List<Object>> rows) {
  public Table {
    Objects.requireNonNull(title, "title");
    columns = List.copyOf(columns);
    List<List<Object>> copy = new ArrayList<>();
    for (List<Object> row : rows) {
      if (row.size() != columns.size()) {
        throw new IllegalArgumentException(
            "row has " + row.size() + " values for " + columns.size() + " columns");
      }
      copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
    }
    rows = List.copyOf(copy);
  }

  /**
   * One column.
   *
   * @param key machine name (CSV header, JSON key)
   * @param header what people read
   * @param decimals digits after the point for numbers in the text table
   */
  public record Column(String key, String header, int decimals) {
    public static Column text(String key, String header) {
      return new Column(key, header, 0);
    }

    public static Column number(String key, String header, int decimals) {
      return new Column(key, header, decimals);
    }
  }

  /** Builds a table row by row. */
  public static Builder builder(String title) {
    return new Builder(title);
  }

  /** Adds columns, then rows. */
  public static final class Builder {
    private final String title;
    private final List<Column> columns = new ArrayList<>();
    private final List<List<Object>> rows = new ArrayList<>();

    private Builder(String title) {
      this.title = title;
    }

    public Builder text(String key, String header) {
      columns.add(Column.text(key, header));
      return this;
    }

    public Builder number(String key, String header, int decimals) {
      columns.add(Column.number(key, header, decimals));
      return this;
    }

    public Builder row(Object... values) {
      rows.add(Arrays.asList(values));
      return this;
    }

    public Table build() {
      return new Table(title, columns, rows);
    }
  }
}
