package dev.blueprint.simulator.des;

import java.util.Map;

/**
 * A component as the engine runs it. Requests {@link #arrive} from the flow; the component
 * schedules its own events through the engine, receives them in {@link #fire}, and hands each
 * request back with {@link Engine#leave} (or {@link Engine#drop}) when it is done with it.
 */
abstract class Component {
  final String name;
  final ComponentStats stats;
  Engine engine;
  int handler;

  Component(String name, double bucketSeconds) {
    this.name = name;
    this.stats = new ComponentStats(bucketSeconds);
  }

  /** Called once by the engine before the run. */
  void attach(Engine engine, int handler) {
    this.engine = engine;
    this.handler = handler;
    stats.capacity.set(0, servers() == Integer.MAX_VALUE ? 0 : servers());
  }

  /**
   * Whether the component only watches (an autoscaler's ticks): its events alone cannot finish a
   * request, so a run whose other events have run out is stuck.
   */
  boolean background() {
    return false;
  }

  /** Called once when the run begins, for components that act on their own (autoscalers). */
  void start(double now) {}

  /**
   * Sets the servers or replicas to {@code count} at {@code now}; requests in service finish.
   *
   * @throws IllegalStateException for kinds whose size is fixed (the parser lets autoscalers target
   *     only stations and model servers)
   */
  void resize(int count, double now) {
    throw new IllegalStateException(name + " has a fixed size");
  }

  /** A request reaches the component at {@code now}. */
  abstract void arrive(int request, double now);

  /** An event this component scheduled is due. */
  abstract void fire(int kind, int request, int aux, double now);

  /** How many requests it serves at once; {@link Integer#MAX_VALUE} for unlimited. */
  abstract int servers();

  /**
   * The true mean of the service time this component draws per request, when it is known from its
   * distribution (a control variate); NaN otherwise.
   */
  double knownMeanServiceSeconds() {
    return Double.NaN;
  }

  /** Figures particular to the kind (a model server's mean batch), by name; empty by default. */
  Map<String, Double> details() {
    return Map.of();
  }

  /** The start of the measured window: time averages begin here. */
  void open(double now) {
    stats.busy.open(now);
    stats.queue.open(now);
    stats.capacity.open(now);
  }

  /** The end of the measured window. */
  void close(double now) {
    stats.busy.close(now);
    stats.queue.close(now);
    stats.capacity.close(now);
  }
}
