package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.MoneyRate;
import java.util.Objects;
import java.util.Optional;

/**
 * A network hop: a request's payload is sent over a link of {@code bandwidth}, one after another
 * (the link is a single server), then travels for {@code latency}.
 *
 * @param name the component's name
 * @param latency one-way latency, seconds
 * @param bandwidthBytesPerSecond the link's rate; empty for a hop that only delays
 * @param cost what the hop costs (usually nothing)
 */
public record NetworkSpec(
    String name, Distribution latency, Optional<Double> bandwidthBytesPerSecond, MoneyRate cost)
    implements ComponentSpec {
  /**
   * One-way latency inside a data centre when the design gives none: half of a 0.5 ms round trip
   * ("round trip within same datacenter", J. Dean, Numbers Everyone Should Know).
   */
  public static final double DEFAULT_LATENCY_SECONDS = 0.25e-3;

  public NetworkSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(bandwidthBytesPerSecond, "bandwidthBytesPerSecond");
    Objects.requireNonNull(cost, "cost");
    if (bandwidthBytesPerSecond.isPresent() && !(bandwidthBytesPerSecond.get() > 0)) {
      throw new IllegalArgumentException("bandwidth must be positive");
    }
  }

  @Override
  public String kind() {
    return "network";
  }
}
