package dev.blueprint.simulator.queueing;

import dev.blueprint.simulator.design.ArrivalProcess;
import dev.blueprint.simulator.design.ComponentSpec;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.Distribution;
import dev.blueprint.simulator.design.FlowStep;
import dev.blueprint.simulator.design.StationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The analytic answer to a design, where queueing theory has one. Each station is solved as a queue
 * fed by the design's arrival rate (less what earlier stations dropped); the model used and whether
 * it is exact are stated per station:
 *
 * <ul>
 *   <li>Poisson arrivals, exponential service, c servers: M/M/c (Erlang C), exact, with the p99;
 *       with a finite queue M/M/c/K, exact;
 *   <li>one server, any service: M/G/1 by Pollaczek–Khinchine, exact for the mean;
 *   <li>unlimited servers: M/G/∞, the time in system is the service time, exact;
 *   <li>several servers with general service, or arrivals that are not Poisson: Allen–Cunneen, an
 *       approximation.
 * </ul>
 *
 * A station after the first sees Poisson arrivals only when every station before it is M/M/c
 * without losses (Burke's theorem, which makes the tandem a Jackson network); otherwise its row is
 * marked approximate.
 */
public final class DesignAnalysis {
  private DesignAnalysis() {}

  /**
   * The solution of one station.
   *
   * @param component its name
   * @param model the queueing model used, e.g. "M/M/3"
   * @param exact whether the figures are exact for the design as written
   * @param arrivalRate requests per second reaching it
   * @param utilization busy share of its servers (NaN for unlimited servers)
   * @param meanWaitSeconds mean wait before service
   * @param meanResponseSeconds mean time in the station
   * @param p99Seconds the 99th percentile of the time in the station, where known
   * @param lossProbability the share turned away
   */
  public record StationAnswer(
      String component,
      String model,
      boolean exact,
      double arrivalRate,
      double utilization,
      double meanWaitSeconds,
      double meanResponseSeconds,
      Optional<Double> p99Seconds,
      double lossProbability) {}

  /**
   * The whole design.
   *
   * @param stations per station, in flow order
   * @param meanResponseSeconds end-to-end mean of admitted requests (the sum over stations)
   * @param throughput requests per second that complete
   * @param exact whether every station's answer is exact
   * @param unsupported why a design, or part of it, has no analytic answer; empty when it has
   */
  public record Answer(
      List<StationAnswer> stations,
      double meanResponseSeconds,
      double throughput,
      boolean exact,
      List<String> unsupported) {}

  public static Answer analyze(Design design) {
    ArrivalProcess arrival = design.workload().arrival();
    double rate = arrival.meanRate().perSecond();
    // Squared coefficient of variation of the gaps between arrivals.
    double arrivalScv = arrival instanceof ArrivalProcess.Constant ? 0 : 1;
    boolean poisson = arrival instanceof ArrivalProcess.Poisson;
    List<StationAnswer> answers = new ArrayList<>();
    List<String> unsupported = new ArrayList<>();
    double total = 0;
    boolean exact = true;
    for (FlowStep step : design.flow()) {
      if (!(step instanceof FlowStep.Visit visit)) {
        unsupported.add("flow step " + step + " has no closed form");
        continue;
      }
      ComponentSpec spec = design.components().get(visit.component());
      if (!(spec instanceof StationSpec station)) {
        unsupported.add(visit.component() + " (" + spec.kind() + ") has no closed form");
        exact = false;
        continue;
      }
      StationAnswer answer = station(station, rate, poisson, arrivalScv);
      answers.add(answer);
      exact &= answer.exact();
      total += answer.meanResponseSeconds();
      rate *= 1 - answer.lossProbability();
      // What leaves an M/M/c without losses (Burke) or an M/G/∞ is Poisson again; nothing else is.
      boolean exponential = station.service() instanceof Distribution.Exponential;
      boolean unlimited = station.servers() == StationSpec.UNLIMITED;
      poisson = poisson && (unlimited || (exponential && station.queueCapacity().isEmpty()));
    }
    return new Answer(answers, total, rate, exact && unsupported.isEmpty(), unsupported);
  }

  private static StationAnswer station(
      StationSpec s, double rate, boolean poisson, double arrivalScv) {
    Distribution service = s.service();
    double mean = service.mean();
    boolean exponential = service instanceof Distribution.Exponential;
    if (s.servers() == StationSpec.UNLIMITED) {
      // Nobody waits: the time in the station is the service time, whatever the arrivals.
      return new StationAnswer(
          s.name(),
          "G/G/∞",
          true,
          rate,
          Double.NaN,
          0,
          mean,
          exponential ? Optional.of(mean * Math.log(100)) : Optional.empty(),
          0);
    }
    int c = s.servers();
    if (s.queueCapacity().isPresent()) {
      int capacity = c + s.queueCapacity().getAsInt();
      QueueFormulas.FiniteQueue q = QueueFormulas.mmck(rate, mean, c, capacity);
      return new StationAnswer(
          s.name(),
          "M/M/" + c + "/" + capacity,
          poisson && exponential,
          rate,
          q.utilization(),
          q.meanWait(),
          q.meanResponse(),
          Optional.empty(),
          q.lossProbability());
    }
    double rho = rate * mean / c;
    if (rho >= 1) {
      return new StationAnswer(
          s.name(),
          "unstable",
          true,
          rate,
          rho,
          Double.POSITIVE_INFINITY,
          Double.POSITIVE_INFINITY,
          Optional.empty(),
          0);
    }
    if (poisson && exponential && s.discipline() == StationSpec.Discipline.PRIORITY) {
      // Serving by priority moves waiting between classes but not its total (the service time
      // does not depend on the class): the mean is FIFO's, the tail is not.
      return new StationAnswer(
          s.name(),
          "M/M/" + c + " by priority (mean only)",
          true,
          rate,
          rho,
          QueueFormulas.mmcMeanWait(rate, mean, c),
          QueueFormulas.mmcMeanResponse(rate, mean, c),
          Optional.empty(),
          0);
    }
    if (poisson && exponential) {
      return new StationAnswer(
          s.name(),
          "M/M/" + c,
          true,
          rate,
          rho,
          QueueFormulas.mmcMeanWait(rate, mean, c),
          QueueFormulas.mmcMeanResponse(rate, mean, c),
          Optional.of(QueueFormulas.mmcResponseQuantile(rate, mean, c, 0.99)),
          0);
    }
    if (poisson && c == 1) {
      double wait = QueueFormulas.mg1MeanWait(rate, mean, service.variance());
      return new StationAnswer(
          s.name(), "M/G/1", true, rate, rho, wait, wait + mean, Optional.empty(), 0);
    }
    double wait =
        QueueFormulas.approximateGgcMeanWait(
            rate, mean, c, poisson ? 1 : arrivalScv, service.scv());
    return new StationAnswer(
        s.name(),
        (poisson ? "M" : "G") + "/G/" + c + " (Allen–Cunneen)",
        false,
        rate,
        rho,
        wait,
        wait + mean,
        Optional.empty(),
        0);
  }
}
