package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.MoneyRate;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A generic queue: {@code servers} identical servers in front of one waiting line.
 *
 * @param name the component's name
 * @param servers how many requests are served at once; {@link #UNLIMITED} for a pure delay
 * @param service the service time of one request, in seconds
 * @param queueCapacity how many requests may wait; beyond it arrivals are dropped; empty for
 *     unbounded
 * @param discipline the order in which waiting requests are served
 * @param costPerServer the price of one server
 */
public record StationSpec(
    String name,
    int servers,
    Distribution service,
    OptionalInt queueCapacity,
    Discipline discipline,
    MoneyRate costPerServer)
    implements ComponentSpec {
  /** Servers without limit: every request is served at once (a network hop, a pure delay). */
  public static final int UNLIMITED = Integer.MAX_VALUE;

  /** The order of the waiting line. */
  public enum Discipline {
    FIFO("fifo"),
    /** By request-class priority (0 first), first come first served within a priority. */
    PRIORITY("priority");

    private final String id;

    Discipline(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public StationSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(queueCapacity, "queueCapacity");
    Objects.requireNonNull(discipline, "discipline");
    Objects.requireNonNull(costPerServer, "costPerServer");
    if (servers < 1) {
      throw new IllegalArgumentException("a station needs at least one server, got " + servers);
    }
    if (queueCapacity.isPresent() && queueCapacity.getAsInt() < 0) {
      throw new IllegalArgumentException(
          "queue capacity must not be negative, got " + queueCapacity.getAsInt());
    }
  }

  @Override
  public String kind() {
    return "station";
  }

  @Override
  public MoneyRate cost() {
    return servers == UNLIMITED
        ? MoneyRate.ZERO
        : MoneyRate.perHour(costPerServer.dollarsPerHour() * servers);
  }
}
