package dev.blueprint.simulator.hardware;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * How much of its large-message bus bandwidth an all-reduce inside one node reaches at a given
 * message size, read point by point from a measured nccl-tests {@code all_reduce_perf} sweep: the
 * bus bandwidth at each size divided by the sweep's bus bandwidth at its largest size. Small
 * messages are bound by per-step latency and by how few channels and how short a pipeline the
 * library uses for them; the share climbs towards 1 as messages grow (docs/calibration.md,
 * "collective efficiency by message size").
 *
 * <p>Between two points the share is interpolated linearly in the logarithm of the size; below the
 * first point it keeps the first point's share and above the last the last point's. An empty curve
 * ({@link #NONE}) means "no sweep read": every size reaches the plateau, and only the collective
 * algorithms' own per-step latency slows small messages.
 *
 * @param points the measured points, in strictly increasing size
 */
public record CollectiveSizeCurve(List<Point> points) {
  /** No measured sweep: the share is 1 at every size. */
  public static final CollectiveSizeCurve NONE = new CollectiveSizeCurve(List.of());

  /**
   * One measured point.
   *
   * @param bytes the all-reduce's message size in bytes (nccl-tests' {@code size} column)
   * @param share the bus bandwidth at that size as a fraction of the sweep's plateau, in (0, 1]
   */
  public record Point(double bytes, double share) {
    public Point {
      if (!(bytes > 0) || Double.isInfinite(bytes)) {
        throw new IllegalArgumentException("a curve point's size must be positive, got " + bytes);
      }
      if (!(share > 0 && share <= 1)) {
        throw new IllegalArgumentException(
            "the share at " + (long) bytes + " bytes must be in (0, 1], got " + share);
      }
    }
  }

  public CollectiveSizeCurve {
    Objects.requireNonNull(points, "points");
    for (int i = 1; i < points.size(); i++) {
      if (!(points.get(i).bytes() > points.get(i - 1).bytes())) {
        throw new IllegalArgumentException(
            "curve points must grow in size: "
                + (long) points.get(i).bytes()
                + " bytes follows "
                + (long) points.get(i - 1).bytes());
      }
    }
    points = List.copyOf(points);
  }

  /** A curve from points in any order (the loader reads them as written). */
  public static CollectiveSizeCurve of(List<Point> points) {
    List<Point> sorted = new ArrayList<>(points);
    sorted.sort(Comparator.comparingDouble(Point::bytes));
    return new CollectiveSizeCurve(sorted);
  }

  /** Whether a sweep was read (false for {@link #NONE}). */
  public boolean isMeasured() {
    return !points.isEmpty();
  }

  /** The share of the plateau bus bandwidth an all-reduce of {@code bytes} reaches. */
  public double share(double bytes) {
    if (points.isEmpty()) {
      return 1;
    }
    Point first = points.get(0);
    if (bytes <= first.bytes()) {
      return first.share();
    }
    for (int i = 1; i < points.size(); i++) {
      Point hi = points.get(i);
      if (bytes <= hi.bytes()) {
        Point lo = points.get(i - 1);
        double t = Math.log(bytes / lo.bytes()) / Math.log(hi.bytes() / lo.bytes());
        return lo.share() + t * (hi.share() - lo.share());
      }
    }
    return points.get(points.size() - 1).share();
  }
}
