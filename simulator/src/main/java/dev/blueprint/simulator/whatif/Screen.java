package dev.blueprint.simulator.whatif;

import dev.blueprint.simulator.design.ArrivalProcess;
import dev.blueprint.simulator.design.AutoscalerSpec;
import dev.blueprint.simulator.design.CacheSpec;
import dev.blueprint.simulator.design.ComponentSpec;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.Distribution;
import dev.blueprint.simulator.design.FlowStep;
import dev.blueprint.simulator.design.GatewaySpec;
import dev.blueprint.simulator.design.ModelServerSpec;
import dev.blueprint.simulator.design.RequestClass;
import dev.blueprint.simulator.design.StationSpec;
import dev.blueprint.simulator.design.VectorIndexSpec;
import dev.blueprint.simulator.perf.BatchServing;
import dev.blueprint.simulator.queueing.DesignAnalysis;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What can be said of a design before simulating it, for an optimiser to skip hopeless candidates
 * and to start where queueing theory points:
 *
 * <ul>
 *   <li>its cost (exact, unless an autoscaler resizes it while running);
 *   <li>a lower bound on the busiest component's utilisation: the offered load of each component
 *       every request is sure to reach (at the quietest rate the workload may run at), over its
 *       largest capacity (an autoscaled component at its maximum; a model server at the cheapest
 *       per-sample time of any batch). At 1 or more the design cannot keep up, whatever a
 *       simulation would add;
 *   <li>exact values of the latency metrics where the design is one queue with a closed form
 *       (M/M/c: mean, p99 and wait; M/G/1: mean and wait).
 * </ul>
 *
 * @param loadBound the lower bound on the busiest utilisation, and the component it belongs to
 * @param busiest that component, empty when no component could be bounded
 * @param exact metric values known exactly
 */
public record Screen(double loadBound, Optional<String> busiest, Map<Metric, Double> exact) {
  public Screen {
    exact =
        Collections.unmodifiableMap(
            exact.isEmpty() ? new EnumMap<>(Metric.class) : new EnumMap<>(exact));
  }

  /** Whether the design surely cannot keep up with its traffic. */
  public boolean overloaded() {
    return loadBound >= 1;
  }

  public Optional<Double> exact(Metric metric) {
    return Optional.ofNullable(exact.get(metric));
  }

  public static Screen of(Design design) {
    Map<Metric, Double> exact = new EnumMap<>(Metric.class);
    boolean scaled =
        design.components().values().stream().anyMatch(AutoscalerSpec.class::isInstance);
    if (!scaled) {
      exact.put(
          Metric.COST_PER_MONTH,
          design.components().values().stream().mapToDouble(c -> c.cost().dollarsPerMonth()).sum());
    }
    double rate = lowestRate(design.workload().arrival());
    Map<String, Integer> scaledTo = new HashMap<>();
    for (ComponentSpec c : design.components().values()) {
      if (c instanceof AutoscalerSpec a) {
        scaledTo.put(a.target(), a.max());
      }
    }
    double meanItems = 0;
    double meanPayload = 0;
    double largestItems = 0;
    for (RequestClass c : design.workload().classes()) {
      largestItems = Math.max(largestItems, largest(c.items()));
      meanItems += c.share() * c.items().mean();
      meanPayload += c.share() * c.payloadBytes().mean();
    }
    double worst = 0;
    String busiest = null;
    for (FlowStep step : design.flow()) {
      if (!(step instanceof FlowStep.Visit visit)) {
        // What follows a split, a fan-out or a cache with a branch may see less traffic: stop
        // bounding.
        break;
      }
      ComponentSpec spec = design.components().get(visit.component());
      if (spec instanceof CacheSpec cache) {
        rate *= 1 - cache.hitRatio();
        continue;
      }
      if (spec instanceof StationSpec s && s.queueCapacity().isPresent()) {
        // A full queue turns requests away and stays at most fully busy: no bound here, and what
        // goes on sees less than what arrived.
        break;
      }
      double utilization = utilization(spec, rate, meanItems, meanPayload, largestItems);
      Integer most = scaledTo.get(spec.name());
      if (most != null) {
        // An autoscaler may grow it to its maximum: the bound is for that size.
        utilization *= replicas(spec) / (double) most;
      }
      if (utilization > worst) {
        worst = utilization;
        busiest = spec.name();
      }
    }
    if (!scaled && design.flow().size() == 1) {
      DesignAnalysis.Answer answer = DesignAnalysis.analyze(design);
      if (answer.exact() && answer.stations().size() == 1) {
        DesignAnalysis.StationAnswer station = answer.stations().get(0);
        if (Double.isFinite(station.meanResponseSeconds())) {
          exact.put(Metric.MEAN_MS, station.meanResponseSeconds() * 1000);
          exact.put(Metric.MEAN_WAIT_MS, station.meanWaitSeconds() * 1000);
          station.p99Seconds().ifPresent(p99 -> exact.put(Metric.P99_MS, p99 * 1000));
          if (Double.isFinite(station.utilization())) {
            exact.put(Metric.UTILIZATION_MAX, station.utilization());
          }
          exact.put(Metric.THROUGHPUT_RPS, answer.throughput());
        }
      }
    }
    return new Screen(worst, Optional.ofNullable(busiest), exact);
  }

  /**
   * How far beyond {@code max_batch} the per-sample cost is searched: requests of many samples run
   * as one batch of all of them.
   */
  private static final int MODEL_BATCH_REACH = 1 << 12;

  /** The lowest rate a run may see: the mean where it does not change, the quietest otherwise. */
  private static double lowestRate(ArrivalProcess arrival) {
    if (arrival instanceof ArrivalProcess.Diurnal d) {
      return d.trough().perSecond();
    }
    if (arrival instanceof ArrivalProcess.Bursty b) {
      return b.baseRatePerSecond();
    }
    if (arrival instanceof ArrivalProcess.Trace) {
      // A run may replay only a quiet stretch of a trace.
      return 0;
    }
    return arrival.meanRate().perSecond();
  }

  private static int replicas(ComponentSpec spec) {
    if (spec instanceof StationSpec s) {
      return s.servers();
    }
    if (spec instanceof ModelServerSpec m) {
      return m.replicas();
    }
    return 1;
  }

  /** The most a distribution of counts can give; infinite when it has no upper end. */
  static double largest(Distribution d) {
    if (d instanceof Distribution.Deterministic fixed) {
      return fixed.value();
    }
    if (d instanceof Distribution.Uniform u) {
      return u.max();
    }
    if (d instanceof Distribution.Empirical e) {
      return Arrays.stream(e.values()).max().orElse(Double.POSITIVE_INFINITY);
    }
    return Double.POSITIVE_INFINITY;
  }

  private static double utilization(
      ComponentSpec spec, double rate, double meanItems, double meanPayload, double largestItems) {
    if (spec instanceof StationSpec s && s.servers() != StationSpec.UNLIMITED) {
      return rate * s.service().mean() / s.servers();
    }
    if (spec instanceof GatewaySpec g) {
      return rate * (g.overheadSeconds() + meanPayload / g.serializeBytesPerSecond()) / g.workers();
    }
    if (spec instanceof VectorIndexSpec v) {
      return rate * v.querySeconds() / v.threads();
    }
    if (spec instanceof ModelServerSpec m) {
      BatchServing serving = new BatchServing(m.model(), m.hardware(), m.precision(), m.sequence());
      double samples = m.samplesPerRequest() > 0 ? m.samplesPerRequest() : meanItems;
      // Each sample costs at least the cheapest per-sample time of any batch the server could run
      // (a request larger than max_batch runs alone as one bigger batch), so busy time per second
      // is at least rate x samples x that.
      double largestRequest = m.samplesPerRequest() > 0 ? m.samplesPerRequest() : largestItems;
      double reach =
          Math.max(
              m.maxBatch(), Math.min(largestRequest, (double) m.maxBatch() * MODEL_BATCH_REACH));
      double cheapest = Double.POSITIVE_INFINITY;
      for (double b = 1; ; b *= 2) {
        double batch = Math.min(b, reach);
        cheapest = Math.min(cheapest, serving.batchSeconds(batch) / batch);
        if (batch >= reach) {
          break;
        }
      }
      return rate * samples * cheapest / m.replicas();
    }
    return 0;
  }
}
