package dev.blueprint.simulator.whatif;

import dev.blueprint.simulator.des.SimulationResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bound a design must keep, written {@code p99_ms<=10}, {@code throughput_rps >= 1e6} or {@code
 * utilization_max<0.8}.
 *
 * @param metric what is bounded
 * @param operator how
 * @param limit the bound, in the metric's unit
 * @param expression as the user wrote it, for reports
 */
public record Constraint(Metric metric, Operator operator, double limit, String expression) {
  private static final Pattern FORM =
      Pattern.compile("\\s*([a-z0-9_]+)\\s*(<=|>=|<|>)\\s*([-+0-9.eE]+)\\s*");

  /** How a value is compared with the limit. */
  public enum Operator {
    AT_MOST("<="),
    BELOW("<"),
    AT_LEAST(">="),
    ABOVE(">");

    private final String symbol;

    Operator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }

    boolean holds(double value, double limit) {
      return switch (this) {
        case AT_MOST -> value <= limit;
        case BELOW -> value < limit;
        case AT_LEAST -> value >= limit;
        case ABOVE -> value > limit;
      };
    }

    /** Whether the constraint asks the value to stay low. */
    public boolean upper() {
      return this == AT_MOST || this == BELOW;
    }
  }

  /**
   * @throws IllegalArgumentException naming what is wrong, with the accepted form
   */
  public static Constraint parse(String text) {
    Matcher m = FORM.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "constraint '"
              + text
              + "': expected METRIC OP NUMBER, e.g. 'p99_ms<=10' "
              + "(OP one of <=, <, >=, >)");
    }
    Metric metric = Metric.parse(m.group(1));
    Operator operator =
        switch (m.group(2)) {
          case "<=" -> Operator.AT_MOST;
          case "<" -> Operator.BELOW;
          case ">=" -> Operator.AT_LEAST;
          default -> Operator.ABOVE;
        };
    double limit;
    try {
      limit = Double.parseDouble(m.group(3));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "constraint '" + text + "': '" + m.group(3) + "' is not a number");
    }
    return new Constraint(metric, operator, limit, text.strip());
  }

  /** Whether {@code value} keeps the bound; a missing value (NaN) does not. */
  public boolean met(double value) {
    return !Double.isNaN(value) && operator.holds(value, limit);
  }

  public boolean met(SimulationResult result) {
    return met(metric.valueOf(result));
  }

  /**
   * How far inside the bound {@code value} is, as a share of the limit: positive when met, negative
   * when broken.
   */
  public double slack(double value) {
    double scale = limit == 0 ? 1 : Math.abs(limit);
    return (operator.upper() ? limit - value : value - limit) / scale;
  }

  @Override
  public String toString() {
    return metric.id() + " " + operator.symbol() + " " + limit;
  }
}
