package dev.blueprint.edge.fl;

import dev.blueprint.edge.data.FashionMnist;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.simulator.io.CsvTable;
import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The samples a device trains on, from the folder its configuration names (docs/federated.md,
 * "Local data"). Two layouts:
 *
 * <ul>
 *   <li>Tabular: one or more {@code *.csv} files, each with a header; the column {@code label}
 *       holds the class (its name or its index), every other column is a feature, in order, as many
 *       as the model reads. Blank feature cells and {@code ?} read as 0 (the WISDM files' way of
 *       writing a missing value).
 *   <li>Images: an IDX pair, {@code *images*idx3-ubyte[.gz]} and {@code *labels*idx1-ubyte[.gz]}
 *       (the MNIST format), pixels scaled to [0, 1].
 * </ul>
 *
 * Bad input is refused with the file, line and column; nothing is read half.
 */
public final class LocalDataFolder {
  private LocalDataFolder() {}

  /**
   * @param sampleShape what one sample of the model is
   * @param classes the model's class names, by index
   */
  public static LabeledData read(Path folder, TensorShape sampleShape, List<String> classes) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(folder + ": the local data folder does not exist");
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(folder)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(folder + ": " + e.getMessage(), e);
    }
    List<Path> csv = files.stream().filter(f -> name(f).endsWith(".csv")).toList();
    List<Path> images =
        files.stream().filter(f -> name(f).contains("images") && name(f).contains("idx3")).toList();
    List<Path> labels =
        files.stream().filter(f -> name(f).contains("labels") && name(f).contains("idx1")).toList();
    if (!csv.isEmpty()) {
      List<float[]> features = new ArrayList<>();
      List<Integer> labelIndex = new ArrayList<>();
      for (Path f : csv) {
        readCsv(f, sampleShape.size(), classes, features, labelIndex);
      }
      float[] all = new float[features.size() * sampleShape.size()];
      int[] ys = new int[features.size()];
      for (int i = 0; i < ys.length; i++) {
        System.arraycopy(features.get(i), 0, all, i * sampleShape.size(), sampleShape.size());
        ys[i] = labelIndex.get(i);
      }
      return new LabeledData(sampleShape, all, ys, classes);
    }
    if (images.size() == 1 && labels.size() == 1) {
      LabeledData d = FashionMnist.read(images.get(0), labels.get(0));
      if (!d.sampleShape().equals(sampleShape)) {
        throw new IllegalArgumentException(
            images.get(0)
                + ": images of shape "
                + d.sampleShape()
                + " for a model that reads "
                + sampleShape);
      }
      if (d.classNames().size() != classes.size()) {
        throw new IllegalArgumentException(
            labels.get(0)
                + ": "
                + d.classNames().size()
                + " classes for a model of "
                + classes.size());
      }
      return d;
    }
    throw new IllegalArgumentException(
        folder
            + ": no local data: expected *.csv files, or one *images*idx3-ubyte[.gz] and one"
            + " *labels*idx1-ubyte[.gz] file");
  }

  /** Reads one CSV file's rows into the lists, or throws with every problem in it. */
  static void readCsv(
      Path file,
      int featureCount,
      List<String> classes,
      List<float[]> features,
      List<Integer> labels) {
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
    parseCsv(text, file.toString(), featureCount, classes, features, labels);
  }

  /** As {@link #readCsv} on text, for tests and fuzzing. */
  static void parseCsv(
      String text,
      String origin,
      int featureCount,
      List<String> classes,
      List<float[]> features,
      List<Integer> labels) {
    String headerLine = text.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
    List<String> columns = new ArrayList<>();
    for (String c : headerLine.split(",", -1)) {
      columns.add(c.trim().replace("\"", ""));
    }
    if (!columns.contains("label")) {
      throw InvalidInputException.of(
          new Problem(
              origin, 1, 0, "label", "missing column: the header must name a 'label' column"));
    }
    if (columns.size() - 1 != featureCount) {
      throw InvalidInputException.of(
          new Problem(
              origin,
              1,
              0,
              "",
              (columns.size() - 1) + " feature columns; the model reads " + featureCount));
    }
    if (columns.stream().distinct().count() != columns.size()) {
      throw InvalidInputException.of(new Problem(origin, 1, 0, "", "a column is named twice"));
    }
    List<String> featureColumns = columns.stream().filter(c -> !c.equals("label")).toList();
    List<float[]> rowsFeatures = new ArrayList<>();
    List<Integer> rowsLabels = new ArrayList<>();
    CsvTable.read(
        text,
        origin,
        columns,
        false,
        row -> {
          int label = label(row.text("label"), classes);
          if (label < 0) {
            row.problem(
                "label",
                "'"
                    + row.text("label")
                    + "' is neither a class ("
                    + String.join(", ", classes)
                    + ") nor an index 0.."
                    + (classes.size() - 1));
          }
          float[] x = new float[featureCount];
          for (int i = 0; i < featureCount; i++) {
            String cell = row.text(featureColumns.get(i));
            if (cell.isEmpty() || cell.equals("?")) {
              continue;
            }
            try {
              x[i] = Float.parseFloat(cell);
              if (!Float.isFinite(x[i])) {
                row.problem(featureColumns.get(i), "'" + cell + "' is not a finite number");
              }
            } catch (NumberFormatException e) {
              row.problem(featureColumns.get(i), "'" + cell + "' is not a number");
            }
          }
          if (row.hasProblems()) {
            return null;
          }
          rowsFeatures.add(x);
          rowsLabels.add(label);
          return x;
        });
    features.addAll(rowsFeatures);
    labels.addAll(rowsLabels);
  }

  private static int label(String text, List<String> classes) {
    int byName = classes.indexOf(text);
    if (byName >= 0) {
      return byName;
    }
    for (int i = 0; i < classes.size(); i++) {
      if (classes.get(i).equalsIgnoreCase(text)) {
        return i;
      }
    }
    if (text.matches("[0-9]{1,9}")) {
      int i = Integer.parseInt(text);
      return i < classes.size() ? i : -1;
    }
    return -1;
  }

  private static String name(Path f) {
    return f.getFileName().toString().toLowerCase(Locale.ROOT);
  }
}
