package dev.blueprint.simulator.validate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Who published a measurement, read from its {@code source} text: the validation reports count
 * independent publishers per device class, and a source names its publisher only in prose ("MLPerf
 * Inference v4.1 closed AMD ...", "TensorRT-LLM 0.17 perf-overview"). The rules are a list of
 * {@code pattern,publisher} pairs: a case-insensitive regular expression found anywhere in the
 * source, and the publisher, in which {@code $1} stands for the expression's first group. The first
 * rule that matches wins.
 */
public final class Publishers {
  private static final String RESOURCE = "dev/blueprint/simulator/validate/publishers.csv";

  private record Rule(Pattern pattern, String publisher) {}

  private final List<Rule> rules;

  private Publishers(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules shipped with the simulator. */
  public static Publishers shipped() {
    try (InputStream in = Publishers.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads {@code pattern,publisher} lines; {@code #} starts a comment line.
   *
   * @throws IllegalArgumentException naming the origin and line of a malformed rule
   */
  public static Publishers parse(String text, String origin) {
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#") || line.equals("pattern,publisher")) {
        continue;
      }
      int comma = line.lastIndexOf(',');
      if (comma <= 0 || comma == line.length() - 1) {
        throw new IllegalArgumentException(
            origin + ":" + (i + 1) + ": expected 'pattern,publisher', got '" + line + "'");
      }
      try {
        rules.add(
            new Rule(
                Pattern.compile(
                    line.substring(0, comma).strip(),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE),
                line.substring(comma + 1).strip()));
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(
            origin + ":" + (i + 1) + ": pattern: " + e.getDescription(), e);
      }
    }
    return new Publishers(rules);
  }

  /** The publisher of a measurement with this source text, if a rule names one. */
  public Optional<String> of(String source) {
    for (Rule rule : rules) {
      Matcher m = rule.pattern().matcher(source);
      if (m.find()) {
        return Optional.of(
            m.groupCount() >= 1 && m.group(1) != null
                ? rule.publisher().replace("$1", m.group(1))
                : rule.publisher());
      }
    }
    return Optional.empty();
  }
}
