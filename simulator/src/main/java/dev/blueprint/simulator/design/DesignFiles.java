package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.TimeSpan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the data files a design refers to, relative to the design's folder: one number per line
 * (times with units, or plain counts), blank lines and {@code #} comments ignored.
 */
public final class DesignFiles {
  private final Path folder;
  private final Function<String, Double> values;

  /**
   * @param folder where relative paths start (the design file's folder)
   * @param values parses one value of an empirical sample into base units
   */
  public DesignFiles(Path folder, Function<String, Double> values) {
    this.folder = folder;
    this.values = values;
  }

  /** Reading from the working directory, values as times ({@code 12ms}) or plain seconds. */
  public static DesignFiles relativeTo(Path folder) {
    return new DesignFiles(
        folder,
        text -> {
          String t = text.trim();
          if (t.chars()
              .allMatch(
                  c ->
                      Character.isDigit(c)
                          || c == '.'
                          || c == 'e'
                          || c == 'E'
                          || c == '-'
                          || c == '+')) {
            return Double.parseDouble(t);
          }
          return TimeSpan.parse(t).seconds();
        });
  }

  /** A design that refers to no files: any reference is an error. */
  public static DesignFiles none() {
    return new DesignFiles(null, Double::parseDouble);
  }

  /**
   * The values of {@code name}, one per line.
   *
   * @throws IllegalArgumentException naming the file and the line of anything unreadable
   */
  public double[] readValues(String name) {
    if (folder == null) {
      throw new IllegalArgumentException("this design cannot refer to files (got '" + name + "')");
    }
    Path path = folder.resolve(name);
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("no such file: " + path);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
    }
    double[] result = new double[lines.size()];
    int n = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        result[n++] = values.apply(line);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(path + ":" + (i + 1) + ": " + e.getMessage());
      }
    }
    if (n == 0) {
      throw new IllegalArgumentException(path + " holds no values");
    }
    return Arrays.copyOf(result, n);
  }
}
