package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.MoneyRate;
import java.util.Objects;

/**
 * Scales another component's servers or replicas to keep its utilisation near a target, the way
 * Kubernetes' horizontal pod autoscaler does: every {@code interval} it computes {@code desired =
 * ⌈current × utilisation / target⌉}, clamped to [min, max]; new replicas serve after {@code
 * scaleUpDelay}; scaling down uses the largest desired count of the last {@code scaleDownWindow},
 * so a short dip does not remove capacity. Cost follows the replicas.
 *
 * @param name the autoscaler's name
 * @param target the component it scales (a station with a server limit, or a model server)
 * @param targetUtilization the utilisation it aims for, 0 to 1
 * @param min fewest replicas
 * @param max most replicas
 * @param intervalSeconds how often it evaluates
 * @param scaleUpDelaySeconds from deciding to add a replica until it serves (boot, model load)
 * @param scaleDownWindowSeconds the stabilisation window for scaling down
 */
public record AutoscalerSpec(
    String name,
    String target,
    double targetUtilization,
    int min,
    int max,
    double intervalSeconds,
    double scaleUpDelaySeconds,
    double scaleDownWindowSeconds)
    implements ComponentSpec {
  /** Kubernetes' default scale-down stabilisation window is five minutes. */
  public static final double DEFAULT_SCALE_DOWN_WINDOW_SECONDS = 300;

  /** The HPA controller's default sync period is fifteen seconds. */
  public static final double DEFAULT_INTERVAL_SECONDS = 15;

  public AutoscalerSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    if (!(targetUtilization > 0 && targetUtilization <= 1)) {
      throw new IllegalArgumentException("target_utilization must be above 0% and at most 100%");
    }
    if (min < 1 || max < min) {
      throw new IllegalArgumentException("need 1 ≤ min ≤ max, got min " + min + " and max " + max);
    }
    if (!(intervalSeconds > 0) || scaleUpDelaySeconds < 0 || scaleDownWindowSeconds < 0) {
      throw new IllegalArgumentException("interval must be positive and the delays not negative");
    }
  }

  @Override
  public String kind() {
    return "autoscaler";
  }

  @Override
  public MoneyRate cost() {
    return MoneyRate.ZERO;
  }
}
