package dev.blueprint.simulator.io;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** "Did you mean" suggestions by edit distance, for unknown keys and ids. */
public final class Suggestions {
  private Suggestions() {}

  /**
   * The candidates closest to {@code wanted}, best first: those within an edit distance of a third
   * of the longer name (at least 2), or that contain {@code wanted}; at most {@code max}.
   */
  public static List<String> nearest(String wanted, Collection<String> candidates, int max) {
    String w = wanted.toLowerCase(Locale.ROOT);
    // Names that contain what was typed (or are contained in it) rank first, shortest
    // difference first; then names within a few edits, closest first.
    record Scored(String name, double score) {}
    List<Scored> scored = new ArrayList<>();
    for (String candidate : candidates) {
      String c = candidate.toLowerCase(Locale.ROOT);
      int distance = levenshtein(w, c);
      int allowed = Math.max(2, Math.max(w.length(), c.length()) / 3);
      boolean contains = w.length() >= 3 && (c.contains(w) || w.contains(c));
      if (contains) {
        scored.add(new Scored(candidate, Math.abs(c.length() - w.length()) / 1000.0));
      } else if (distance <= allowed) {
        scored.add(new Scored(candidate, 1 + distance));
      }
    }
    scored.sort(Comparator.comparingDouble(Scored::score).thenComparing(Scored::name));
    return scored.stream().limit(max).map(Scored::name).toList();
  }

  /** {@code "; did you mean 'a' or 'b'?"}, or empty when nothing is close. */
  public static String didYouMean(String wanted, Collection<String> candidates) {
    List<String> near = nearest(wanted, candidates, 3);
    if (near.isEmpty()) {
      return "";
    }
    StringBuilder text = new StringBuilder("; did you mean ");
    for (int i = 0; i < near.size(); i++) {
      if (i > 0) {
        text.append(i == near.size() - 1 ? " or " : ", ");
      }
      text.append('\'').append(near.get(i)).append('\'');
    }
    return text.append('?').toString();
  }

  static int levenshtein(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
