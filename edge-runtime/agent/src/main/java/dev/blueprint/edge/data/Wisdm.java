package dev.blueprint.edge.data;

import dev.blueprint.edge.model.TensorShape;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * WISDM activity recognition v1.1, transformed (Kwapisz, Weiss and Moore, 2010): one row per 10 s
 * of phone accelerometer data, 43 numeric features ({@link #FEATURES}, {@code X0}…{@code
 * RESULTANT}) and the activity ({@code class}, one of {@link #CLASSES}); {@code UNIQUE_ID} is
 * skipped and {@code user} (1–36) is kept for splitting.
 *
 * <p><b>Missing values.</b> 474 rows hold {@code ?} in {@code XPEAK}, {@code YPEAK} or {@code
 * ZPEAK}: the feature extractor found no peaks to time. They become {@link #MISSING_VALUE} (0), a
 * time no real peak interval takes (the observed ones are ≥ 100 ms). Imputing a mean would hide a
 * signal — 343 of the 474 rows are Sitting or Standing, where the phone barely moves — and would
 * need training statistics before the file could be read; a fixed value keeps training, held-out
 * evaluation and the device reading the same file the same way. The model standardises features
 * with the training mean and standard deviation inside its graph, so it takes these raw values.
 *
 * <p><b>Held-out split by person.</b> {@link #HELDOUT_USERS} (users 5, 10, 15, 20, 25, 30 and 35,
 * every fifth id: 1,041 rows, all six activities) never reach training, so the test measures how
 * the model does on people it has not seen, not on other windows of the same walk.
 */
public final class Wisdm {
  public static final String FILE = "WISDM_ar_v1.1_transformed.csv";

  /** The activities, by label. */
  public static final List<String> CLASSES =
      List.of("Walking", "Jogging", "Upstairs", "Downstairs", "Sitting", "Standing");

  /** The 43 feature columns, in the order they form a sample. */
  public static final List<String> FEATURES = features();

  public static final TensorShape SAMPLE_SHAPE = TensorShape.of(FEATURES.size());

  /** What a {@code ?} in a feature column becomes. */
  public static final float MISSING_VALUE = 0f;

  /** The users whose rows are held out of training. */
  public static final Set<Integer> HELDOUT_USERS = Set.of(5, 10, 15, 20, 25, 30, 35);

  /** At most this many problems are listed in one error. */
  private static final int MAX_PROBLEMS = 20;

  private final LabeledData data;
  private final int[] users;
  private final int[] missingPerRow;

  private Wisdm(LabeledData data, int[] users, int[] missingPerRow) {
    this.data = data;
    this.users = users;
    this.missingPerRow = missingPerRow;
  }

  private static List<String> features() {
    List<String> names = new ArrayList<>();
    for (String axis : List.of("X", "Y", "Z")) {
      for (int i = 0; i < 10; i++) {
        names.add(axis + i);
      }
    }
    names.addAll(
        List.of(
            "XAVG",
            "YAVG",
            "ZAVG",
            "XPEAK",
            "YPEAK",
            "ZPEAK",
            "XABSOLDEV",
            "YABSOLDEV",
            "ZABSOLDEV",
            "XSTANDDEV",
            "YSTANDDEV",
            "ZSTANDDEV",
            "RESULTANT"));
    return List.copyOf(names);
  }

  /** Reads the transformed CSV (or a file of its rows with the same header). */
  public static Wisdm read(Path csv) {
    try (InputStream in = Files.newInputStream(csv)) {
      return read(in, csv.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
    }
  }

  /**
   * Reads CSV text and closes the stream; {@code name} is the file or resource name errors start
   * with. Every problem (up to 20) is reported in one {@link IllegalArgumentException} as {@code
   * name:line:column: ...}.
   */
  public static Wisdm read(InputStream csv, String name) {
    List<String> problems = new ArrayList<>();
    List<float[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<Integer> userIds = new ArrayList<>();
    List<Integer> missingCounts = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
      String headerLine = in.readLine();
      if (headerLine == null) {
        throw new IllegalArgumentException(name + ":1: the file is empty; expected a header line");
      }
      String[] header = split(headerLine);
      Map<String, Integer> column = new HashMap<>();
      for (int i = 0; i < header.length; i++) {
        column.put(header[i], i);
      }
      List<String> wanted = new ArrayList<>(FEATURES);
      wanted.addAll(List.of("user", "class"));
      List<String> absent = wanted.stream().filter(c -> !column.containsKey(c)).toList();
      if (!absent.isEmpty()) {
        throw new IllegalArgumentException(
            name
                + ":1: missing column(s) "
                + String.join(", ", absent)
                + "; the header has "
                + String.join(",", header));
      }
      int[] featureColumns = FEATURES.stream().mapToInt(column::get).toArray();
      int userColumn = column.get("user");
      int classColumn = column.get("class");
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = split(line);
        if (f.length != header.length) {
          problems.add(
              name
                  + ":"
                  + lineNo
                  + ": expected "
                  + header.length
                  + " fields as in the header, got "
                  + f.length);
          continue;
        }
        int before = problems.size();
        float[] row = new float[FEATURES.size()];
        int missing = 0;
        for (int i = 0; i < featureColumns.length; i++) {
          int c = featureColumns[i];
          if (f[c].equals("?")) {
            row[i] = MISSING_VALUE;
            missing++;
            continue;
          }
          try {
            row[i] = Float.parseFloat(f[c]);
            if (!Float.isFinite(row[i])) {
              throw new NumberFormatException();
            }
          } catch (NumberFormatException e) {
            problems.add(
                where(name, lineNo, c, header[c])
                    + "expected a finite number or '?', got '"
                    + f[c]
                    + "'");
          }
        }
        int user = 0;
        try {
          user = Integer.parseInt(f[userColumn]);
        } catch (NumberFormatException e) {
          problems.add(
              where(name, lineNo, userColumn, "user")
                  + "expected a user id (integer), got '"
                  + f[userColumn]
                  + "'");
        }
        int label = CLASSES.indexOf(f[classColumn]);
        if (label < 0) {
          problems.add(
              where(name, lineNo, classColumn, "class")
                  + "expected one of "
                  + String.join(", ", CLASSES)
                  + ", got '"
                  + f[classColumn]
                  + "'");
        }
        if (problems.size() == before) {
          rows.add(row);
          labels.add(label);
          userIds.add(user);
          missingCounts.add(missing);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(name + ": " + e.getMessage(), e);
    }
    if (!problems.isEmpty()) {
      String listed = problems.stream().limit(MAX_PROBLEMS).collect(Collectors.joining("\n  "));
      String more =
          problems.size() > MAX_PROBLEMS
              ? "\n  ... and " + (problems.size() - MAX_PROBLEMS) + " more"
              : "";
      throw new IllegalArgumentException(
          name + ": " + problems.size() + " problem(s):\n  " + listed + more);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(name + ": the header is followed by no rows");
    }
    int per = FEATURES.size();
    float[] features = new float[rows.size() * per];
    for (int r = 0; r < rows.size(); r++) {
      System.arraycopy(rows.get(r), 0, features, r * per, per);
    }
    LabeledData data =
        LabeledData.adopt(
            SAMPLE_SHAPE, features, labels.stream().mapToInt(Integer::intValue).toArray(), CLASSES);
    return new Wisdm(
        data,
        userIds.stream().mapToInt(Integer::intValue).toArray(),
        missingCounts.stream().mapToInt(Integer::intValue).toArray());
  }

  private static String where(String name, int line, int column, String field) {
    return name + ":" + line + ":" + (column + 1) + ": field '" + field + "': ";
  }

  private static String[] split(String line) {
    String[] f = line.split(",", -1);
    for (int i = 0; i < f.length; i++) {
      f[i] = f[i].trim();
    }
    return f;
  }

  /** The samples: features in {@link #FEATURES} order, labels indexing {@link #CLASSES}. */
  public LabeledData data() {
    return data;
  }

  /** The user of each sample. */
  public int[] users() {
    return users.clone();
  }

  /** The distinct users, ascending. */
  public Set<Integer> userSet() {
    return Arrays.stream(users).boxed().collect(Collectors.toCollection(TreeSet::new));
  }

  /** How many {@code ?} fields were read as {@link #MISSING_VALUE}. */
  public int missingValues() {
    return Arrays.stream(missingPerRow).sum();
  }

  /** The rows of the users {@code keep} accepts, in file order. */
  public Wisdm users(IntPredicate keep) {
    int[] picked = IntStream.range(0, users.length).filter(i -> keep.test(users[i])).toArray();
    int[] u = Arrays.stream(picked).map(i -> users[i]).toArray();
    int[] m = Arrays.stream(picked).map(i -> missingPerRow[i]).toArray();
    return new Wisdm(data.select(picked), u, m);
  }

  /** The rows of {@link #HELDOUT_USERS}. */
  public Wisdm heldOut() {
    return users(HELDOUT_USERS::contains);
  }

  /** The rows of every other user: the training set. */
  public Wisdm training() {
    return users(u -> !HELDOUT_USERS.contains(u));
  }

  /**
   * Copies the header and the rows of {@code keep}'s users from {@code source} to {@code target}
   * unchanged (the {@code ?} fields included), so a subset stays in the original format.
   *
   * @return the number of rows copied
   */
  public static int copyRows(Path source, Path target, IntPredicate keep) {
    int copied = 0;
    try (BufferedReader in = Files.newBufferedReader(source, StandardCharsets.UTF_8);
        BufferedWriter out = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null) {
        throw new IllegalArgumentException(
            source + ":1: the file is empty; expected a header line");
      }
      int userColumn = Arrays.asList(split(header)).indexOf("user");
      if (userColumn < 0) {
        throw new IllegalArgumentException(source + ":1: no 'user' column in " + header);
      }
      out.write(header);
      out.write('\n');
      String line;
      int lineNo = 1;
      while ((line = in.readLine()) != null) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = split(line);
        int user;
        try {
          user = Integer.parseInt(f[userColumn]);
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
          throw new IllegalArgumentException(
              where(source.toString(), lineNo, userColumn, "user") + "expected a user id (integer)",
              e);
        }
        if (keep.test(user)) {
          out.write(line);
          out.write('\n');
          copied++;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot copy " + source + " to " + target + ": " + e.getMessage(), e);
    }
    return copied;
  }

  @Override
  public String toString() {
    return "WISDM: " + data + " from " + userSet().size() + " users";
  }
}
