package dev.blueprint.simulator.des;

import dev.blueprint.simulator.design.AutoscalerSpec;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A horizontal autoscaler watching one component: every interval it reads the component's
 * utilisation over the interval, computes the replicas that would bring it to the target, and
 * scales up after the start-up delay or down to the largest recommendation of the stabilisation
 * window.
 */
final class Autoscaler extends Component {
  private static final int TICK = 0;
  private static final int READY = 1;

  private final AutoscalerSpec spec;
  private final Component target;
  private int current;
  private int pending;
  private double lastBusyArea;
  private double lastTick;
  private final ArrayDeque<double[]> recommendations = new ArrayDeque<>();
  private long scaleUps;
  private long scaleDowns;

  Autoscaler(AutoscalerSpec spec, Component target, double bucketSeconds) {
    super(spec.name(), bucketSeconds);
    this.spec = spec;
    this.target = target;
  }

  @Override
  int servers() {
    return Integer.MAX_VALUE;
  }

  @Override
  boolean background() {
    return true;
  }

  @Override
  void start(double now) {
    current = Math.max(spec.min(), Math.min(spec.max(), target.servers()));
    if (current != target.servers()) {
      target.resize(current, now);
    }
    lastTick = now;
    lastBusyArea = target.stats.busy.lifetimeAreaUntil(now);
    engine.schedule(now + spec.intervalSeconds(), handler, TICK, -1, 0);
  }

  @Override
  void arrive(int request, double now) {
    throw new IllegalStateException("an autoscaler is not part of the flow");
  }

  @Override
  void fire(int kind, int request, int aux, double now) {
    if (kind == READY) {
      pending -= aux;
      current += aux;
      target.resize(current, now);
      return;
    }
    double busyArea = target.stats.busy.lifetimeAreaUntil(now);
    double utilization = (busyArea - lastBusyArea) / ((now - lastTick) * current);
    lastBusyArea = busyArea;
    lastTick = now;
    int desired = (int) Math.ceil(current * utilization / spec.targetUtilization() - 1e-9);
    desired = Math.max(spec.min(), Math.min(spec.max(), desired));
    recommendations.addLast(new double[] {now, desired});
    while (!recommendations.isEmpty()
        && recommendations.peekFirst()[0] < now - spec.scaleDownWindowSeconds()) {
      recommendations.pollFirst();
    }
    int planned = current + pending;
    if (desired > planned) {
      int add = desired - planned;
      pending += add;
      scaleUps++;
      engine.schedule(now + spec.scaleUpDelaySeconds(), handler, READY, -1, add);
    } else if (pending == 0) {
      int highest = 0;
      for (double[] r : recommendations) {
        highest = Math.max(highest, (int) r[1]);
      }
      if (highest < current) {
        scaleDowns++;
        current = highest;
        target.resize(current, now);
      }
    }
    engine.schedule(now + spec.intervalSeconds(), handler, TICK, -1, 0);
  }

  @Override
  Map<String, Double> details() {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("scale_ups", (double) scaleUps);
    d.put("scale_downs", (double) scaleDowns);
    return d;
  }
}
