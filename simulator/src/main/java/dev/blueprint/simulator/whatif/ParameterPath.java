package dev.blueprint.simulator.whatif;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a value sits in a design file, as dotted keys from the top: {@code
 * components.ranker.replicas}, {@code workload.rate}. A segment that is a whole number indexes a
 * list.
 *
 * @param segments the keys, outermost first
 */
public record ParameterPath(List<String> segments) {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-]+");

  public ParameterPath {
    segments = List.copyOf(segments);
    if (segments.isEmpty()) {
      throw new IllegalArgumentException("a parameter path needs at least one key");
    }
  }

  /**
   * @throws IllegalArgumentException for an empty path or a key with characters a design's keys
   *     never have
   */
  public static ParameterPath parse(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      throw new IllegalArgumentException(
          "empty parameter path: expected dotted keys such as components.ranker.replicas");
    }
    List<String> parts = List.of(trimmed.split("\\.", -1));
    for (String part : parts) {
      if (!SEGMENT.matcher(part).matches()) {
        throw new IllegalArgumentException(
            "parameter path '"
                + trimmed
                + "': '"
                + part
                + "' is not a key (letters, digits, '_' and '-', separated by dots)");
      }
    }
    return new ParameterPath(parts);
  }

  public String last() {
    return segments.get(segments.size() - 1);
  }

  @Override
  public String toString() {
    return String.join(".", segments);
  }
}
