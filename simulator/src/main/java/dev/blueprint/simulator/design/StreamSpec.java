package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.MoneyRate;
import java.util.Objects;

/**
 * A partitioned log (Kafka-like) and its consumer group: each record lands on a random partition,
 * reaches the consumer that owns it after the broker's latency, and waits there behind that
 * consumer's earlier records; a consumer processes one record at a time. Unlike a station's shared
 * line, a busy consumer's partitions cannot be helped by an idle one, and the waiting records are
 * the consumer lag.
 *
 * @param name the component's name
 * @param partitions partitions of the topic
 * @param consumers consumers in the group (each owns partitions/consumers of them; more consumers
 *     than partitions leaves the rest idle)
 * @param processing the time a consumer spends on one record
 * @param brokerLatency produce-to-consume latency of the log itself
 * @param cost the price of brokers and consumers
 */
public record StreamSpec(
    String name,
    int partitions,
    int consumers,
    Distribution processing,
    Distribution brokerLatency,
    MoneyRate cost)
    implements ComponentSpec {
  public StreamSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(processing, "processing");
    Objects.requireNonNull(brokerLatency, "brokerLatency");
    Objects.requireNonNull(cost, "cost");
    if (partitions < 1 || consumers < 1) {
      throw new IllegalArgumentException("partitions and consumers must be at least 1");
    }
  }

  /** Consumers that own at least one partition. */
  public int activeConsumers() {
    return Math.min(partitions, consumers);
  }

  @Override
  public String kind() {
    return "stream";
  }
}
