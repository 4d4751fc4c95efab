package dev.blueprint.simulator.perf;

/** What limits a kernel's time. */
public enum Bound {
  COMPUTE("compute"),
  MEMORY("memory"),
  /** Random gathers from large tables. */
  GATHER("gather"),
  /** Reads over the host link (tables that do not fit in device memory). */
  HOST_LINK("host-link"),
  /** Fixed per-kernel cost: launch, ramp-up, memory latency. */
  OVERHEAD("overhead"),
  /** Waiting for other devices (collectives). */
  COMMUNICATION("communication");

  private final String id;

  Bound(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  @Override
  public String toString() {
    return id;
  }
}
