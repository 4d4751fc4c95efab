package dev.blueprint.simulator.io;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads a CSV file with a fixed set of named columns into records, the way every table input of the
 * simulator is read: the header must name exactly the expected columns, every malformed cell is
 * reported with its line and column all at once, and a file with any problem yields nothing.
 */
public final class CsvTable {
  /** Turns one row into a record, or returns null after reporting its problems on the row. */
  @FunctionalInterface
  public interface RowReader<T> {
    T read(Row row);
  }

  private CsvTable() {}

  /**
   * Reads every row of {@code text}.
   *
   * @param comments whether lines starting with {@code #} are comments (machine descriptions)
   * @throws InvalidInputException listing every problem, when there is any or no row at all
   */
  public static <T> List<T> read(
      String text, String origin, List<String> columns, boolean comments, RowReader<T> reader) {
    List<Problem> problems = new ArrayList<>();
    List<T> rows = new ArrayList<>();
    CSVFormat.Builder format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true);
    if (comments) {
      format.setCommentMarker('#');
    }
    try (CSVParser parser = CSVParser.parse(new StringReader(text), format.get())) {
      List<String> header = parser.getHeaderNames();
      int headerLine = headerLine(text, comments);
      for (String column : columns) {
        if (!header.contains(column)) {
          problems.add(
              new Problem(
                  origin,
                  headerLine,
                  0,
                  column,
                  "missing column; the header must name " + String.join(",", columns)));
        }
      }
      for (String column : header) {
        if (!columns.contains(column)) {
          problems.add(
              new Problem(
                  origin,
                  headerLine,
                  0,
                  column,
                  "unknown column" + Suggestions.didYouMean(column, columns)));
        }
      }
      if (!problems.isEmpty()) {
        throw new InvalidInputException(problems);
      }
      for (CSVRecord record : parser) {
        Row row = new Row(record, origin, (int) parser.getCurrentLineNumber(), problems);
        if (!record.isConsistent()) {
          row.problem("", "expected " + columns.size() + " columns, got " + record.size());
          continue;
        }
        T value = reader.read(row);
        if (value != null && !row.hasProblems()) {
          rows.add(value);
        }
      }
    } catch (IOException
        | IllegalStateException
        | IllegalArgumentException
        | UncheckedIOException e) {
      // The text is in memory: an I/O error here is the parser's, e.g. a quote never closed.
      problems.add(new Problem(origin, 0, 0, "", "not valid CSV: " + e.getMessage()));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInputException(problems);
    }
    if (rows.isEmpty()) {
      throw InvalidInputException.of(new Problem(origin, 0, 0, "", "no measurement rows"));
    }
    return rows;
  }

  /**
   * The header is the first line that is neither blank nor, where comments are allowed, a comment.
   */
  private static int headerLine(String text, boolean comments) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String t = lines[i].trim();
      if (!t.isEmpty() && !(comments && t.startsWith("#"))) {
        return i + 1;
      }
    }
    return 1;
  }

  /** One row being read: its cells by column name, and where its problems go. */
  public static final class Row {
    private final CSVRecord record;
    private final String origin;
    private final int line;
    private final List<Problem> problems;
    private final int before;

    Row(CSVRecord record, String origin, int line, List<Problem> problems) {
      this.record = record;
      this.origin = origin;
      this.line = line;
      this.problems = problems;
      this.before = problems.size();
    }

    /** The line of the file this row is on. */
    public int line() {
      return line;
    }

    /** The trimmed cell of {@code column}, empty when blank. */
    public String text(String column) {
      return record.get(column) == null ? "" : record.get(column).trim();
    }

    /** Reports a problem with {@code column} of this row. */
    public void problem(String column, String message) {
      problems.add(new Problem(origin, line, 0, column, message));
    }

    /** Whether anything was wrong with this row. */
    public boolean hasProblems() {
      return problems.size() > before;
    }
  }
}
