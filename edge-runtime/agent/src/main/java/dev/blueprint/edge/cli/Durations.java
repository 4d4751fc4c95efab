package dev.blueprint.edge.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Lifetimes on the command line: {@code 90d}, {@code 12h}, {@code 30m}, {@code 45s}. */
public final class Durations {
  private Durations() {}

  private static final Pattern FORM = Pattern.compile("([0-9]{1,6})([dhms])");

  public static Duration parse(String text, String option) {
    Matcher m = FORM.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          option + ": '" + text + "' is not a duration like 90d, 12h, 30m or 45s");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "h" -> Duration.ofHours(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofSeconds(n);
    };
  }
}
