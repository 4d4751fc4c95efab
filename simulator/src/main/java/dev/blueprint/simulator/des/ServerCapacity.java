package dev.blueprint.simulator.des;

import dev.blueprint.simulator.design.ArrivalProcess;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.FlowStep;
import dev.blueprint.simulator.design.ModelServerSpec;
import dev.blueprint.simulator.design.Warmup;
import dev.blueprint.simulator.design.Workload;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.PricingTier;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.perf.BatchServing;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.RequestRate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The highest Poisson arrival rate a batching model server sustains with its p99 latency within a
 * bound (MLPerf's server scenario), found by simulation: for batch limits around the one the
 * analytic approximation favours and two batching delays, a bisection on the arrival rate, every
 * probe simulated with the same random numbers so the search is smooth and reproducible.
 */
public final class ServerCapacity {
  /** Measured requests per probe: a thousand samples beyond the p99. */
  static final long PROBE_REQUESTS = 100_000;

  private static final int BISECTION_STEPS = 12;

  private ServerCapacity() {}

  /**
   * The answer.
   *
   * @param samplesPerSecond the highest rate over all devices
   * @param maxBatch the batch limit that reaches it
   * @param delaySeconds its dynamic batching delay
   * @param p99Seconds the simulated p99 at that rate
   */
  public record Result(
      double samplesPerSecond, int maxBatch, double delaySeconds, double p99Seconds) {}

  /**
   * @param devices replicas sharing one waiting line (the devices of an MLPerf system)
   * @param boundSeconds the p99 latency bound
   */
  public static Result search(
      ModelProfile model,
      HardwareProfile hardware,
      Precision precision,
      int sequence,
      int devices,
      double boundSeconds) {
    BatchServing serving = new BatchServing(model, hardware, precision, sequence);
    int guess = serving.server(boundSeconds).batch();
    List<Integer> batches = serving.candidateBatches();
    Result best = new Result(0, 1, 0, Double.NaN);
    for (int b : batches) {
      if (b < guess / 2 || b > guess * 2) {
        continue;
      }
      double service = serving.batchSeconds(b);
      if (service >= boundSeconds) {
        continue;
      }
      for (double delay : new double[] {service / 2, service}) {
        Result r =
            highestRate(
                model, hardware, precision, sequence, devices, b, delay, service, boundSeconds);
        if (r.samplesPerSecond() > best.samplesPerSecond()) {
          best = r;
        }
      }
    }
    return best;
  }

  private static Result highestRate(
      ModelProfile model,
      HardwareProfile hardware,
      Precision precision,
      int sequence,
      int devices,
      int batch,
      double delay,
      double service,
      double bound) {
    ModelServerSpec server =
        new ModelServerSpec(
            "server",
            model,
            hardware,
            precision,
            sequence,
            devices,
            ModelServerSpec.Batching.DYNAMIC,
            batch,
            delay,
            PricingTier.ON_DEMAND,
            1);
    // Full batches back to back on every device is the most the server could ever carry.
    double lo = 0;
    double hi = devices * batch / service;
    double p99AtLo = Double.NaN;
    for (int i = 0; i < BISECTION_STEPS; i++) {
      double rate = (lo + hi) / 2;
      double p99 = p99(server, rate, bound);
      if (p99 <= bound) {
        lo = rate;
        p99AtLo = p99;
      } else {
        hi = rate;
      }
    }
    return new Result(lo, batch, delay, p99AtLo);
  }

  private static double p99(ModelServerSpec server, double rate, double bound) {
    Design design =
        new Design(
            "server-capacity",
            "",
            new Workload(
                new ArrivalProcess.Poisson(RequestRate.perSecond(rate)),
                new Warmup.Share(0.1),
                OptionalLong.empty(),
                Optional.empty()),
            Map.of("server", server),
            List.of(new FlowStep.Visit("server")),
            List.of(),
            "server-capacity");
    try {
      SimulationResult result =
          Simulation.run(design, RunOptions.defaults().withRequests(PROBE_REQUESTS));
      // A rate the server does not sustain fails however good a short run's p99 looks: MLPerf's
      // server runs last ten minutes, long enough for a growing queue to break any bound.
      return result.keepsUp() ? result.latency().p99().value() : Double.POSITIVE_INFINITY;
    } catch (SimulationException e) {
      return Double.POSITIVE_INFINITY; // the rate overwhelms the server
    }
  }
}
