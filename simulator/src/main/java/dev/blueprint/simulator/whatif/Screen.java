package dev.blueprint.simulator.whatif;

import dev.blueprint.simulator.design.AutoscalerSpec;
import dev.blueprint.simulator.design.CacheSpec;
import dev.blueprint.simulator.design.ComponentSpec;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.FlowStep;
import dev.blueprint.simulator.design.GatewaySpec;
import dev.blueprint.simulator.design.ModelServerSpec;
import dev.blueprint.simulator.design.RequestClass;
import dev.blueprint.simulator.design.StationSpec;
import dev.blueprint.simulator.design.VectorIndexSpec;
import dev.blueprint.simulator.perf.BatchServing;
import dev.blueprint.simulator.queueing.DesignAnalysis;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * What can be said of a design before simulating it, for an optimiser to skip hopeless
 * candidates and to start where queueing theory points:
 *
 * <ul>
 *   <li>its cost (exact, unless an autoscaler resizes it while running);
 *   <li>a lower bound on the busiest component's utilisation: the offered load of each
 *       component every request is sure to reach, over its capacity (a model server at its
 *       largest batch). At 1 or more the design cannot keep up, whatever a simulation would add;
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
    exact = java.util.Collections.unmodifiableMap(exact.isEmpty() ? new EnumMap<>(Metric.class) : new EnumMap<>(exact));
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
    boolean scaled = design.components().values().stream().anyMatch(AutoscalerSpec.class::isInstance);
    if (!scaled) {
      exact.put(Metric.COST_PER_MONTH, design.components().values().stream()
          .mapToDouble(c -> c.cost().dollarsPerMonth()).sum());
    }
    double rate = design.workload().arrival().meanRate().perSecond();
    double meanItems = 0;
    double meanPayload = 0;
    for (RequestClass c : design.workload().classes()) {
      meanItems += c.share() * c.items().mean();
      meanPayload += c.share() * c.payloadBytes().mean();
    }
    double worst = 0;
    String busiest = null;
    for (FlowStep step : design.flow()) {
      if (!(step instanceof FlowStep.Visit visit)) {
        // What follows a split, a fan-out or a cache with a branch may see less traffic: stop bounding.
        break;
      }
      ComponentSpec spec = design.components().get(visit.component());
      if (spec instanceof CacheSpec cache) {
        rate *= 1 - cache.hitRatio();
        continue;
      }
      double utilization = utilization(spec, rate, meanItems, meanPayload);
      if (utilization > worst) {
        worst = utilization;
        busiest = spec.name();
      }
      if (spec instanceof StationSpec s && s.queueCapacity().isPresent()) {
        // A full queue turns requests away: what goes on sees less than what arrived.
        break;
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

  private static double utilization(ComponentSpec spec, double rate, double meanItems, double meanPayload) {
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
      int batch = m.batching() == ModelServerSpec.Batching.NONE ? 1 : m.maxBatch();
      double samples = m.samplesPerRequest() > 0 ? m.samplesPerRequest() : meanItems;
      if (m.batching() == ModelServerSpec.Batching.NONE) {
        // One request at a time, whatever its samples.
        return rate * serving.batchSeconds(samples) / m.replicas();
      }
      double capacity = m.replicas() * batch / serving.batchSeconds(batch);
      return rate * samples / capacity;
    }
    return 0;
  }
}
