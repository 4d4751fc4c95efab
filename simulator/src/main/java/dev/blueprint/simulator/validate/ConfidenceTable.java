package dev.blueprint.simulator.validate;

import dev.blueprint.simulator.hardware.DeviceClass;
import dev.blueprint.simulator.hardware.HardwareProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The validation results of every device class, as every command reports them beside its figures.
 * The shipped table is computed from the project's validation sets by {@code blueprint validate
 * --by-class} and checked against them by the fidelity tests, so it cannot drift from what the
 * models do.
 */
public final class ConfidenceTable {
  private static final String RESOURCE = "dev/blueprint/simulator/validate/confidence-by-class.csv";

  /** The header of the CSV form. */
  public static final String HEADER =
      "class,rows,unanswered,median_error_pct,bias_pct,publisher_count,publishers";

  /** The publisher of rows whose source no rule of {@link Publishers} names. */
  public static final String UNNAMED_PUBLISHER = "unnamed";

  private final Map<DeviceClass, Confidence> byClass;

  private ConfidenceTable(Map<DeviceClass, Confidence> byClass) {
    this.byClass = new EnumMap<>(DeviceClass.class);
    this.byClass.putAll(byClass);
  }

  /** The table shipped with the simulator (read once). */
  public static ConfidenceTable shipped() {
    return Shipped.TABLE;
  }

  private static final class Shipped {
    static final ConfidenceTable TABLE = load();
  }

  private static ConfidenceTable load() {
    try (InputStream in = ConfidenceTable.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Summarises validation results per class.
   *
   * @param classOf the class of a hardware id (rows whose hardware is unknown are left out)
   * @param publishers names the publisher of each row; rows no rule names count as one publisher,
   *     {@link #UNNAMED_PUBLISHER}
   */
  public static ConfidenceTable of(
      List<ValidationResult> results,
      Function<String, Optional<DeviceClass>> classOf,
      Publishers publishers) {
    Map<DeviceClass, List<ValidationResult>> grouped = new EnumMap<>(DeviceClass.class);
    Set<String> seen = new HashSet<>();
    for (ValidationResult r : results) {
      Optional<DeviceClass> c = classOf.apply(r.measurement().hardware());
      // The same published figure in two sets (the reference set and the extended set share some)
      // counts once.
      if (c.isEmpty() || !seen.add(sameFigure(r.measurement()))) {
        continue;
      }
      grouped.computeIfAbsent(c.get(), k -> new ArrayList<>()).add(r);
    }
    Map<DeviceClass, Confidence> byClass = new EnumMap<>(DeviceClass.class);
    grouped.forEach(
        (c, rows) -> {
          double[] signed =
              rows.stream()
                  .filter(ValidationResult::supported)
                  .mapToDouble(r -> r.errorPercent().orElseThrow())
                  .toArray();
          double[] absolute = Arrays.stream(signed).map(Math::abs).toArray();
          TreeSet<String> names = new TreeSet<>();
          rows.forEach(
              r -> names.add(publishers.of(r.measurement().source()).orElse(UNNAMED_PUBLISHER)));
          byClass.put(
              c,
              new Confidence(
                  c,
                  signed.length,
                  rows.size() - signed.length,
                  List.copyOf(names),
                  ValidationSummary.median(absolute),
                  ValidationSummary.median(signed)));
        });
    return new ConfidenceTable(byClass);
  }

  private static String sameFigure(Measurement m) {
    return String.join(
        "|",
        m.hardware(),
        Integer.toString(m.count()),
        m.model(),
        m.precision(),
        m.scenario(),
        m.batch().toString(),
        m.inputTokens().toString(),
        m.outputTokens().toString(),
        m.tensorParallel().toString(),
        m.pipelineParallel().toString(),
        new TreeMap<>(m.options()).toString(),
        m.metric(),
        Double.toString(m.value()));
  }

  /** What the validation says about {@code deviceClass}. */
  public Confidence forClass(DeviceClass deviceClass) {
    return byClass.getOrDefault(deviceClass, Confidence.notValidated(deviceClass));
  }

  /** What the validation says about the class of {@code hardware}. */
  public Confidence forHardware(HardwareProfile hardware) {
    return forClass(hardware.deviceClass());
  }

  /** The classes with at least one row, in {@link DeviceClass} order. */
  public List<Confidence> classes() {
    return List.copyOf(byClass.values());
  }

  /** The CSV form, one class per line, with errors rounded to 0.1 %. */
  public String toCsv() {
    StringBuilder csv = new StringBuilder(HEADER).append('\n');
    for (Confidence c : byClass.values()) {
      csv.append(c.deviceClass().id())
          .append(',')
          .append(c.rows())
          .append(',')
          .append(c.unanswered())
          .append(',')
          .append(format(c.medianAbsErrorPercent()))
          .append(',')
          .append(format(c.biasPercent()))
          .append(',')
          .append(c.publishers().size())
          .append(',')
          .append(String.join(";", c.publishers()))
          .append('\n');
    }
    return csv.toString();
  }

  private static String format(double value) {
    return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%.1f", value);
  }

  /**
   * Reads the CSV form.
   *
   * @throws IllegalArgumentException naming the origin, line and field of a malformed entry
   */
  public static ConfidenceTable parse(String text, String origin) {
    Map<DeviceClass, Confidence> byClass = new EnumMap<>(DeviceClass.class);
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.equals(HEADER)) {
        continue;
      }
      String where = origin + ":" + (i + 1) + ": ";
      String[] f = line.split(",", -1);
      if (f.length != 7) {
        throw new IllegalArgumentException(where + "expected the 7 fields of " + HEADER);
      }
      try {
        DeviceClass c = DeviceClass.parse(f[0]);
        List<String> names = f[6].isEmpty() ? List.of() : List.of(f[6].split(";"));
        byClass.put(
            c,
            new Confidence(
                c,
                Integer.parseInt(f[1]),
                Integer.parseInt(f[2]),
                names,
                f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3]),
                f[4].isEmpty() ? Double.NaN : Double.parseDouble(f[4])));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage(), e);
      }
    }
    return new ConfidenceTable(byClass);
  }
}
