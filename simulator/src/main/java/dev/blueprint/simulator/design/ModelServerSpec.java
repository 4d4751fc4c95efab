package dev.blueprint.simulator.design;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.PricingTier;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.units.MoneyRate;
import dev.blueprint.simulator.units.Precision;
import java.util.Objects;

/**
 * Replicas of a model on one device each, serving batches whose time comes from the simulator
 * core's performance model ({@code BatchServing}): a batch of 32 on an {@code nvidia-t4} takes what
 * the roofline says it takes.
 *
 * @param name the component's name
 * @param model the model served
 * @param hardware the device of each replica
 * @param precision the serving precision
 * @param sequence tokens per sample for transformer models (ignored by CNNs and recommenders)
 * @param replicas devices serving in parallel, each one batch at a time
 * @param batching how requests are grouped
 * @param maxBatch the largest batch, in samples
 * @param maxQueueDelaySeconds how long dynamic batching waits for a batch to fill
 * @param pricing which price of the hardware profile the cost uses
 * @param samplesPerRequest samples each request brings to a batch; 0 for the request's own item
 *     count (a ranker scoring its candidates), 1 for a model that sees each request once (a query
 *     encoder)
 */
public record ModelServerSpec(
    String name,
    ModelProfile model,
    HardwareProfile hardware,
    Precision precision,
    int sequence,
    int replicas,
    Batching batching,
    int maxBatch,
    double maxQueueDelaySeconds,
    PricingTier pricing,
    int samplesPerRequest)
    implements ComponentSpec {

  /** How a model server groups requests into batches. */
  public enum Batching {
    /** One request at a time. */
    NONE("none"),
    /** Only full batches run (a batch job's server). */
    STATIC("static"),
    /**
     * Whatever has arrived runs once the batch is full or the oldest request has waited the maximum
     * queue delay (Triton's dynamic batcher).
     */
    DYNAMIC("dynamic");

    private final String id;

    Batching(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public ModelServerSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(hardware, "hardware");
    Objects.requireNonNull(precision, "precision");
    Objects.requireNonNull(batching, "batching");
    Objects.requireNonNull(pricing, "pricing");
    if (replicas < 1) {
      throw new IllegalArgumentException(
          "a model server needs at least one replica, got " + replicas);
    }
    if (maxBatch < 1) {
      throw new IllegalArgumentException("max_batch must be at least 1, got " + maxBatch);
    }
    if (sequence < 1) {
      throw new IllegalArgumentException("sequence must be at least 1 token, got " + sequence);
    }
    if (!(maxQueueDelaySeconds >= 0) || !Double.isFinite(maxQueueDelaySeconds)) {
      throw new IllegalArgumentException(
          "max_queue_delay must not be negative, got " + maxQueueDelaySeconds);
    }
    if (samplesPerRequest < 0) {
      throw new IllegalArgumentException(
          "samples must be 'items' or at least 1, got " + samplesPerRequest);
    }
    if (batching == Batching.NONE && maxBatch != 1) {
      throw new IllegalArgumentException(
          "batching: none serves one request at a time; drop max_batch or choose dynamic");
    }
    hardware.requirePeak(precision);
  }

  @Override
  public String kind() {
    return "model-server";
  }

  @Override
  public MoneyRate cost() {
    return MoneyRate.perHour(hardware.priceFor(pricing).perDevice().dollarsPerHour() * replicas);
  }
}
