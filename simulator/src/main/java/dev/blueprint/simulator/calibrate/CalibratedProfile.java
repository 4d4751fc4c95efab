package dev.blueprint.simulator.calibrate;

import dev.blueprint.simulator.hardware.DeviceEfficiency;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.HardwareProfileParser;
import dev.blueprint.simulator.units.Precision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * A user profile derived from a calibrated one: the original file with a new id and name, the sweep
 * cited among its sources, and its {@code efficiency:} section rewritten with the fitted values.
 * Everything else, comments included, is kept as written. The result is parsed back before it is
 * returned, so a profile that would not load is never handed out.
 */
public final class CalibratedProfile {
  /** The citation id the sweep is filed under in the new profile's sources. */
  public static final String SOURCE_ID = "kernel-sweep";

  private static final Pattern TOP_LEVEL_KEY =
      Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)\\s*:(.*)$");

  /** The efficiency keys in the order the profile format documents them. */
  private static final List<String> KEYS =
      List.of(
          "matrix_max",
          "matrix_max_by_precision",
          "matrix_half_work",
          "vector_max",
          "memory_max",
          "memory_latency",
          "gather_max",
          "kernel_overhead",
          "launch_overhead",
          "collective_max",
          "collective_latency",
          "in_network_reduction_max");

  private CalibratedProfile() {}

  /**
   * The YAML text of the derived profile.
   *
   * @param originalText the calibrated profile's file as written
   * @param calibration the fit, whose {@code before()} was read from {@code originalText}
   * @param newId the derived profile's id (its file is {@code newId.yaml})
   * @param citation where the sweep comes from: file, device, date
   * @throws IllegalArgumentException when the derived text does not load as a profile
   */
  public static String yaml(
      String originalText, Calibration calibration, String newId, String citation) {
    Objects.requireNonNull(originalText, "originalText");
    Objects.requireNonNull(newId, "newId");
    HardwareProfile original = calibration.before();
    Map<String, Object> parsed =
        new Load(LoadSettings.builder().build()).loadFromString(originalText) instanceof Map<?, ?> m
            ? castMap(m)
            : Map.of();
    List<String> lines = new ArrayList<>(List.of(originalText.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    replaceValue(lines, "id", newId);
    replaceValue(lines, "name", quote(original.name() + " (calibrated)"));
    addSource(lines, citation);
    replaceEfficiency(lines, efficiencyBlock(calibration, parsed.get("efficiency")));
    String text = String.join("\n", lines) + "\n";
    HardwareProfile derived = HardwareProfileParser.parse(text, newId + ".yaml");
    check(derived.efficiency(), calibration.after().efficiency());
    return text;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static void replaceValue(List<String> lines, String key, String value) {
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = TOP_LEVEL_KEY.matcher(lines.get(i));
      if (m.matches() && m.group(1).equals(key)) {
        lines.set(i, key + ": " + value);
        return;
      }
    }
    lines.add(0, key + ": " + value);
  }

  private static void addSource(List<String> lines, String citation) {
    int[] section = section(lines, "sources");
    String entry = "  " + SOURCE_ID + ": " + quote(citation);
    if (section == null) {
      lines.add("sources:");
      lines.add(entry);
    } else {
      lines.add(section[1], entry);
    }
  }

  private static void replaceEfficiency(List<String> lines, List<String> block) {
    int[] section = section(lines, "efficiency");
    if (section == null) {
      lines.addAll(block);
      return;
    }
    lines.subList(section[0], section[1]).clear();
    lines.addAll(section[0], block);
  }

  /** The lines of top-level {@code key}'s section: its own line up to the next top-level key. */
  private static int[] section(List<String> lines, String key) {
    int start = -1;
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = TOP_LEVEL_KEY.matcher(lines.get(i));
      if (start < 0) {
        if (m.matches() && m.group(1).equals(key)) {
          start = i;
        }
      } else if (m.matches()) {
        int end = i;
        while (end > start + 1 && lines.get(end - 1).isBlank()) {
          end--;
        }
        return new int[] {start, end};
      }
    }
    if (start < 0) {
      return null;
    }
    int end = lines.size();
    while (end > start + 1 && lines.get(end - 1).isBlank()) {
      end--;
    }
    return new int[] {start, end};
  }

  /** Every parameter the original stated or the sweep fitted, with the fitted profile's values. */
  private static List<String> efficiencyBlock(Calibration calibration, Object originalSection) {
    Map<?, ?> original = originalSection instanceof Map<?, ?> m ? m : Map.of();
    List<String> sources = new ArrayList<>();
    Object source = original.get("source");
    if (source instanceof List<?> list) {
      list.forEach(s -> sources.add(String.valueOf(s)));
    } else if (source != null) {
      sources.add(String.valueOf(source));
    }
    sources.add(SOURCE_ID);
    Map<String, Boolean> keys = new LinkedHashMap<>();
    for (String key : KEYS) {
      if (original.containsKey(key)) {
        keys.put(key, true);
      }
    }
    for (FittedParameter p : calibration.parameters()) {
      if (p.fitted()) {
        keys.put(
            p.name().startsWith("matrix_max_by_precision.") ? "matrix_max_by_precision" : p.name(),
            true);
      }
    }
    DeviceEfficiency e = calibration.after().efficiency();
    List<String> block = new ArrayList<>();
    block.add("efficiency:");
    block.add("  # fitted values: blueprint calibrate, see the " + SOURCE_ID + " source");
    block.add("  source: [" + String.join(", ", sources) + "]");
    for (String key : KEYS) {
      if (keys.containsKey(key)) {
        block.add("  " + key + ": " + value(key, e));
      }
    }
    return block;
  }

  private static String value(String key, DeviceEfficiency e) {
    return switch (key) {
      case "matrix_max" -> fraction(e.matrixMax());
      case "matrix_max_by_precision" -> {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<Precision, Double> entry :
            new TreeMap<>(e.matrixMaxByPrecision()).entrySet()) {
          entries.add(entry.getKey().id() + ": " + fraction(entry.getValue()));
        }
        yield "{" + String.join(", ", entries) + "}";
      }
      case "matrix_half_work" ->
          String.format(Locale.ROOT, "%.4gGFLOP", e.matrixHalfWork().flop() / 1e9);
      case "vector_max" -> fraction(e.vectorMax());
      case "memory_max" -> fraction(e.memoryMax());
      case "memory_latency" -> micros(e.memoryLatency().micros());
      case "gather_max" -> fraction(e.gatherMax());
      case "kernel_overhead" -> micros(e.kernelOverhead().micros());
      case "launch_overhead" -> micros(e.launchOverhead().micros());
      case "collective_max" -> fraction(e.collectiveMax());
      case "collective_latency" -> micros(e.collectiveLatency().micros());
      case "in_network_reduction_max" -> fraction(e.inNetworkReductionMax());
      default -> throw new IllegalArgumentException("unknown efficiency key " + key);
    };
  }

  private static String fraction(double value) {
    return String.format(Locale.ROOT, "%.4f", value);
  }

  private static String micros(double value) {
    return String.format(Locale.ROOT, "%.4gus", value);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /**
   * The written values round to four figures; anything further off means the text was not applied.
   */
  private static void check(DeviceEfficiency written, DeviceEfficiency fitted) {
    double[][] pairs = {
      {written.matrixMax(), fitted.matrixMax()},
      {written.matrixHalfWork().flop(), fitted.matrixHalfWork().flop()},
      {written.memoryMax(), fitted.memoryMax()},
      {written.memoryLatency().seconds(), fitted.memoryLatency().seconds()},
      {written.gatherMax(), fitted.gatherMax()},
      {written.kernelOverhead().seconds(), fitted.kernelOverhead().seconds()},
      {written.launchOverhead().seconds(), fitted.launchOverhead().seconds()}
    };
    for (double[] pair : pairs) {
      if (Math.abs(pair[0] - pair[1]) > 1e-3 * Math.max(Math.abs(pair[1]), 1e-12)) {
        throw new IllegalStateException("the derived profile does not carry the fitted values");
      }
    }
    for (Precision p : Precision.values()) {
      if (Math.abs(written.matrixMax(p) - fitted.matrixMax(p)) > 1e-3) {
        throw new IllegalStateException(
            "the derived profile does not carry the fitted " + p.id() + " matrix_max");
      }
    }
  }
}
