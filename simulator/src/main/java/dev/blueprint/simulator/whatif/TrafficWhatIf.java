package dev.blueprint.simulator.whatif;

import dev.blueprint.simulator.design.ArrivalProcess;
import dev.blueprint.simulator.design.CacheSpec;
import dev.blueprint.simulator.design.ComponentSpec;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.FeatureStoreSpec;
import dev.blueprint.simulator.design.GatewaySpec;
import dev.blueprint.simulator.design.LlmServerSpec;
import dev.blueprint.simulator.design.ModelServerSpec;
import dev.blueprint.simulator.design.StationSpec;
import dev.blueprint.simulator.design.StreamSpec;
import dev.blueprint.simulator.design.VectorIndexSpec;
import dev.blueprint.simulator.design.Warmup;
import dev.blueprint.simulator.design.Workload;
import dev.blueprint.simulator.io.Suggestions;
import dev.blueprint.simulator.units.MoneyRate;
import dev.blueprint.simulator.units.RequestRate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A change to the conditions a design runs under rather than to the design: more traffic, the
 * busiest hour of a daily cycle, a replica or a whole zone lost. Applied to a loaded design, so the
 * same what-if works for a single run, a sweep and an optimisation.
 *
 * <p>A lost replica or zone costs what the surviving capacity costs: the figures answer "does it
 * still meet its objectives", not "what is the bill".
 *
 * @param trafficScale the factor on every arrival rate (1 for none)
 * @param atDiurnalPeak run a diurnal workload at its peak rate, steadily
 * @param failedReplicas components that lose one replica (server, worker, consumer)
 * @param zones when above 0, the design is spread evenly over this many zones and one is lost:
 *     every component with more than one replica loses its share, rounded up
 * @param coldCaches caches start empty and warm up during the run (no warm-up is removed)
 */
public record TrafficWhatIf(
    double trafficScale,
    boolean atDiurnalPeak,
    List<String> failedReplicas,
    int zones,
    boolean coldCaches) {
  public static final TrafficWhatIf NONE = new TrafficWhatIf(1, false, List.of(), 0, false);

  public TrafficWhatIf {
    failedReplicas = List.copyOf(failedReplicas);
    if (!(trafficScale > 0) || Double.isInfinite(trafficScale)) {
      throw new IllegalArgumentException(
          "the traffic scale must be a positive factor, got " + trafficScale);
    }
    if (zones < 0 || zones == 1) {
      throw new IllegalArgumentException("losing a zone needs at least 2 zones, got " + zones);
    }
  }

  public boolean isNone() {
    return equals(NONE);
  }

  /**
   * Parses a scale such as {@code 2x}, {@code 1.5}, {@code 150%}.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static double parseScale(String text) {
    String t = text.strip();
    try {
      if (t.endsWith("%")) {
        return Double.parseDouble(t.substring(0, t.length() - 1)) / 100;
      }
      if (t.endsWith("x") || t.endsWith("X")) {
        return Double.parseDouble(t.substring(0, t.length() - 1));
      }
      return Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "traffic scale '" + text + "': expected a factor such as 2x, 1.5 or 150%");
    }
  }

  /** Short words for reports, e.g. "traffic x2, one ranker replica lost". */
  public String describe() {
    List<String> parts = new ArrayList<>();
    if (trafficScale != 1) {
      parts.add("traffic x" + trimmed(trafficScale));
    }
    if (atDiurnalPeak) {
      parts.add("at the diurnal peak");
    }
    for (String name : failedReplicas) {
      parts.add("one " + name + " replica lost");
    }
    if (zones > 0) {
      parts.add("one of " + zones + " zones lost");
    }
    if (coldCaches) {
      parts.add("caches start cold");
    }
    return parts.isEmpty() ? "as designed" : String.join(", ", parts);
  }

  /**
   * The design under these conditions.
   *
   * @throws IllegalArgumentException when the what-if does not apply: the diurnal peak of a
   *     workload that is not diurnal, a replica of a component that has no replicas or only one, a
   *     cold start of a cache whose hit ratio is given rather than derived from key popularity
   */
  public Design apply(Design design) {
    if (isNone()) {
      return design;
    }
    Workload workload = design.workload();
    ArrivalProcess arrival = workload.arrival();
    if (atDiurnalPeak) {
      if (!(arrival instanceof ArrivalProcess.Diurnal diurnal)) {
        throw new IllegalArgumentException(
            "--diurnal-peak: the workload of "
                + design.origin()
                + " is "
                + arrival.getClass().getSimpleName().toLowerCase(Locale.ROOT)
                + ", not diurnal");
      }
      arrival = new ArrivalProcess.Poisson(diurnal.peak());
    }
    arrival = scale(arrival, trafficScale);
    Map<String, ComponentSpec> components = new LinkedHashMap<>(design.components());
    for (String name : failedReplicas) {
      ComponentSpec spec = components.get(name);
      if (spec == null) {
        throw new IllegalArgumentException(
            "--fail-replica: no component '"
                + name
                + "' in "
                + design.origin()
                + Suggestions.didYouMean(name, design.components().keySet()));
      }
      int count =
          replicas(spec)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "--fail-replica "
                              + name
                              + ": a "
                              + spec.kind()
                              + " has no replicas to lose"));
      if (count <= 1) {
        throw new IllegalArgumentException(
            "--fail-replica "
                + name
                + ": it has "
                + count
                + " replica; losing it stops the design, there is nothing left to simulate");
      }
      components.put(name, withReplicas(spec, count - 1));
    }
    if (zones > 0) {
      for (Map.Entry<String, ComponentSpec> e : components.entrySet()) {
        Optional<Integer> count = replicas(e.getValue());
        if (count.isPresent() && count.get() > 1) {
          int lost = (count.get() + zones - 1) / zones;
          e.setValue(withReplicas(e.getValue(), Math.max(1, count.get() - lost)));
        }
      }
    }
    if (coldCaches) {
      boolean any = false;
      for (Map.Entry<String, ComponentSpec> e : components.entrySet()) {
        if (e.getValue() instanceof CacheSpec cache) {
          if (cache.popularity().isEmpty()) {
            throw new IllegalArgumentException(
                "--cold-cache: cache '"
                    + cache.name()
                    + "' gives hit_ratio; how fast "
                    + "it fills depends on the key popularity, so give keys, zipf and capacity instead");
          }
          e.setValue(cache.cold());
          any = true;
        }
      }
      if (!any) {
        throw new IllegalArgumentException("--cold-cache: " + design.origin() + " has no cache");
      }
    }
    Workload changed =
        new Workload(
            arrival,
            coldCaches ? new Warmup.Requests(0) : workload.warmup(),
            workload.requests(),
            workload.duration(),
            workload.classes());
    return new Design(
        design.name(),
        design.description(),
        changed,
        components,
        design.flow(),
        design.slos(),
        design.origin(),
        design.sourceSha256());
  }

  static ArrivalProcess scale(ArrivalProcess arrival, double factor) {
    if (factor == 1) {
      return arrival;
    }
    if (arrival instanceof ArrivalProcess.Poisson p) {
      return new ArrivalProcess.Poisson(times(p.rate(), factor));
    }
    if (arrival instanceof ArrivalProcess.Constant c) {
      return new ArrivalProcess.Constant(times(c.rate(), factor));
    }
    if (arrival instanceof ArrivalProcess.Bursty b) {
      return new ArrivalProcess.Bursty(
          times(b.rate(), factor), times(b.peak(), factor), b.burstSeconds(), b.everySeconds());
    }
    if (arrival instanceof ArrivalProcess.Diurnal d) {
      return new ArrivalProcess.Diurnal(
          times(d.peak(), factor), times(d.trough(), factor), d.peakAtSeconds(), d.periodSeconds());
    }
    ArrivalProcess.Trace t = (ArrivalProcess.Trace) arrival;
    // The same arrivals, closer together: the trace's shape (its bursts) is kept.
    double[] times = t.times();
    double origin = times[0];
    for (int i = 0; i < times.length; i++) {
      times[i] = origin + (times[i] - origin) / factor;
    }
    return new ArrivalProcess.Trace(times, t.loop(), t.file() + " x" + trimmed(factor));
  }

  private static RequestRate times(RequestRate rate, double factor) {
    return RequestRate.perSecond(rate.perSecond() * factor);
  }

  /** How many identical replicas serve for the component, where it has such a count. */
  static Optional<Integer> replicas(ComponentSpec spec) {
    if (spec instanceof StationSpec s) {
      return s.servers() == StationSpec.UNLIMITED ? Optional.empty() : Optional.of(s.servers());
    }
    if (spec instanceof GatewaySpec g) {
      return Optional.of(g.workers());
    }
    if (spec instanceof ModelServerSpec m) {
      return Optional.of(m.replicas());
    }
    if (spec instanceof LlmServerSpec l) {
      return Optional.of(l.replicas());
    }
    if (spec instanceof StreamSpec s) {
      return Optional.of(s.consumers());
    }
    if (spec instanceof VectorIndexSpec v) {
      return Optional.of(v.threads());
    }
    if (spec instanceof FeatureStoreSpec f && f.connections() != StationSpec.UNLIMITED) {
      return Optional.of(f.connections());
    }
    return Optional.empty();
  }

  static ComponentSpec withReplicas(ComponentSpec spec, int n) {
    if (spec instanceof StationSpec s) {
      return new StationSpec(
          s.name(), n, s.service(), s.queueCapacity(), s.discipline(), s.costPerServer());
    }
    if (spec instanceof GatewaySpec g) {
      // The fleet's price is for all its workers; the survivors cost their share.
      return new GatewaySpec(
          g.name(),
          g.protocol(),
          n,
          g.overheadSeconds(),
          g.serializeBytesPerSecond(),
          share(g.cost(), n, g.workers()));
    }
    if (spec instanceof ModelServerSpec m) {
      return new ModelServerSpec(
          m.name(),
          m.model(),
          m.hardware(),
          m.precision(),
          m.sequence(),
          n,
          m.batching(),
          m.maxBatch(),
          m.maxQueueDelaySeconds(),
          m.pricing(),
          m.samplesPerRequest());
    }
    if (spec instanceof LlmServerSpec l) {
      return new LlmServerSpec(
          l.name(),
          l.model(),
          l.hardware(),
          l.precision(),
          l.tensorParallel(),
          n,
          l.maxBatch(),
          l.maxTokensPerIteration(),
          l.pricing(),
          l.engine());
    }
    if (spec instanceof StreamSpec s) {
      return new StreamSpec(
          s.name(),
          s.partitions(),
          n,
          s.processing(),
          s.brokerLatency(),
          share(s.cost(), n, s.consumers()));
    }
    if (spec instanceof VectorIndexSpec v) {
      return new VectorIndexSpec(
          v.name(),
          v.index(),
          v.vectors(),
          v.dimensions(),
          v.recall(),
          v.nprobe(),
          v.nlist(),
          v.codeBytes(),
          n,
          share(v.cost(), n, v.threads()));
    }
    FeatureStoreSpec f = (FeatureStoreSpec) spec;
    return new FeatureStoreSpec(
        f.name(),
        f.latency(),
        f.keys(),
        f.keysPerItem(),
        f.batchSize(),
        n,
        share(f.cost(), n, f.connections()));
  }

  /** The survivors' share of a price written for the whole: n of {@code of}. */
  private static MoneyRate share(MoneyRate whole, int n, int of) {
    return MoneyRate.perHour(whole.dollarsPerHour() * n / of);
  }

  private static String trimmed(double x) {
    return x == Math.rint(x) ? Long.toString((long) x) : Double.toString(x);
  }
}
