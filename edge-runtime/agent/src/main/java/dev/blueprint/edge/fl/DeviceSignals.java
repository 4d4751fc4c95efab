package dev.blueprint.edge.fl;

/** What the device says about itself right now; a test hands in its own. */
public interface DeviceSignals {
  /** On mains or USB power, or a battery that is charging or full. */
  boolean onExternalPower();

  /** The network is not metered (as the configuration or the system states it). */
  boolean unmetered();

  /** The 1-minute load average divided by the processors. */
  double loadPerCore();
}
