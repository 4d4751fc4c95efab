package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.MoneyRate;
import java.util.Objects;

/**
 * An online feature store: a request looks up {@code keys} keys (or {@code keysPerItem} for each
 * item it carries), {@code batchSize} keys per call, all calls in parallel, so its time is the
 * slowest of its calls.
 *
 * @param name the component's name
 * @param latency the time of one call
 * @param keys keys per request, when not per item
 * @param keysPerItem keys for each item of the request (0 to use {@code keys})
 * @param batchSize keys per call
 * @param connections requests served at once (each with all its calls); {@link
 *     StationSpec#UNLIMITED} for no limit
 * @param cost the price of the store
 */
public record FeatureStoreSpec(
    String name,
    Distribution latency,
    int keys,
    int keysPerItem,
    int batchSize,
    int connections,
    MoneyRate cost)
    implements ComponentSpec {
  public FeatureStoreSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(cost, "cost");
    if (keys < 1 || keysPerItem < 0 || batchSize < 1 || connections < 1) {
      throw new IllegalArgumentException("keys, batch_size and connections must be at least 1");
    }
  }

  /** Calls one request makes for {@code items} items. */
  public int calls(int items) {
    long wanted = keysPerItem > 0 ? (long) keysPerItem * items : keys;
    return (int) Math.min(Integer.MAX_VALUE, (wanted + batchSize - 1L) / batchSize);
  }

  @Override
  public String kind() {
    return "feature-store";
  }
}
