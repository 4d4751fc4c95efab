package dev.blueprint.simulator.des;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * A partitioned log and its consumer group: a record is written to a random partition, reaches the
 * consumer owning that partition after the broker latency, and waits in that consumer's own line
 * (its lag) until the consumer, one record at a time, processes it.
 */
final class StreamConsumers extends Component {
  private static final int DELIVERED = 0;
  private static final int PROCESSED = 1;

  private final int partitions;
  private final int consumers;
  private final UniformRandomProvider random;
  private final ContinuousSampler processing;
  private final ContinuousSampler broker;
  private final IntQueue[] lag;
  private final boolean[] busyConsumer;
  private final int[] consumerOf;
  private int busy;
  private int lagTotal;
  private double maxLag;

  StreamConsumers(
      String name,
      int partitions,
      int consumers,
      UniformRandomProvider random,
      ContinuousSampler processing,
      ContinuousSampler broker,
      double bucketSeconds) {
    super(name, bucketSeconds);
    this.partitions = partitions;
    this.consumers = consumers;
    this.random = random;
    this.processing = processing;
    this.broker = broker;
    lag = new IntQueue[consumers];
    busyConsumer = new boolean[consumers];
    for (int c = 0; c < consumers; c++) {
      lag[c] = new IntQueue();
    }
    // Round-robin assignment, as Kafka's range and round-robin assignors give for one topic.
    consumerOf = new int[partitions];
    for (int p = 0; p < partitions; p++) {
      consumerOf[p] = p % consumers;
    }
  }

  @Override
  int servers() {
    return consumers;
  }

  @Override
  void arrive(int request, double now) {
    engine.requests.entered[request] = now;
    if (engine.isMeasured(request)) {
      stats.arrivals++;
    }
    int consumer = consumerOf[random.nextInt(partitions)];
    engine.schedule(now + broker.sample(), handler, DELIVERED, request, consumer);
  }

  @Override
  void fire(int kind, int request, int consumer, double now) {
    if (kind == DELIVERED) {
      if (!busyConsumer[consumer]) {
        start(consumer, request, now);
      } else {
        lag[consumer].add(request);
        lagTotal++;
        maxLag = Math.max(maxLag, lag[consumer].size());
        stats.queue.set(now, lagTotal);
      }
      return;
    }
    busyConsumer[consumer] = false;
    busy--;
    stats.busy.set(now, busy);
    if (engine.isMeasured(request)) {
      stats.recordSojourn(now - engine.requests.entered[request]);
    }
    if (!lag[consumer].isEmpty()) {
      int next = lag[consumer].poll();
      lagTotal--;
      stats.queue.set(now, lagTotal);
      start(consumer, next, now);
    }
    engine.leave(request, 0, now);
  }

  private void start(int consumer, int request, double now) {
    busyConsumer[consumer] = true;
    busy++;
    stats.busy.set(now, busy);
    if (engine.isMeasured(request)) {
      stats.recordWait(now - engine.requests.entered[request]);
    }
    engine.schedule(now + processing.sample(), handler, PROCESSED, request, consumer);
  }

  @Override
  void open(double now) {
    super.open(now);
    maxLag = 0; // the largest lag of the measured window, not of the warm-up
    for (IntQueue q : lag) {
      maxLag = Math.max(maxLag, q.size());
    }
  }

  @Override
  Map<String, Double> details() {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("max_consumer_lag", maxLag);
    return d;
  }
}
