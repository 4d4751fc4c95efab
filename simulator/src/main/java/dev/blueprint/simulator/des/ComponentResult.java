package dev.blueprint.simulator.des;

import dev.blueprint.simulator.units.MoneyRate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one component did over the measured window (averaged over replications).
 *
 * @param name its name in the design
 * @param kind its kind ({@code station})
 * @param servers how many requests it serves at once; {@link Integer#MAX_VALUE} for no limit
 * @param utilization busy servers over servers, 0 to 1; NaN without a server limit
 * @param meanInService the mean number of requests being served
 * @param meanQueueLength the mean number waiting
 * @param maxQueueLength the most that waited at once
 * @param meanWaitSeconds the mean time a measured request waited before service
 * @param latency the time measured requests spent in the component, waiting and served
 * @param arrivals measured requests that reached it
 * @param drops measured requests it turned away
 * @param cost what it costs per hour at its size
 * @param queueSeries the mean queue length per interval of {@code seriesStepSeconds} from the start
 *     of the measured window (first replication)
 * @param busySeries the mean number in service per interval (first replication)
 * @param seriesStepSeconds the width of one interval of the series
 * @param details figures particular to the kind, by name (a model server's {@code
 *     mean_batch_samples}), averaged over replications
 */
public record ComponentResult(
    String name,
    String kind,
    int servers,
    double utilization,
    double meanInService,
    double meanQueueLength,
    double maxQueueLength,
    double meanWaitSeconds,
    LatencySummary latency,
    long arrivals,
    long drops,
    MoneyRate cost,
    double[] queueSeries,
    double[] busySeries,
    double seriesStepSeconds,
    Map<String, Double> details) {

  public ComponentResult {
    queueSeries = queueSeries.clone();
    busySeries = busySeries.clone();
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  @Override
  public double[] queueSeries() {
    return queueSeries.clone();
  }

  @Override
  public double[] busySeries() {
    return busySeries.clone();
  }
}
