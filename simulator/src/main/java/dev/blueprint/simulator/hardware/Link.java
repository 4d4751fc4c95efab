package dev.blueprint.simulator.hardware;

import dev.blueprint.simulator.units.Bandwidth;
import java.util.Objects;

/**
 * One fabric a device talks over.
 *
 * @param name the link technology ("NVLink 4", "PCIe Gen5 x16")
 * @param bidirectional bandwidth per device, both directions together, as datasheets give it
 * @param topology how devices on this link are connected
 * @param devicesPerNode how many devices share this fabric (8 in an HGX board); 1 when unknown
 * @param inNetworkReduction whether the switches reduce in the network (NVLink SHARP)
 */
public record Link(
    String name,
    Bandwidth bidirectional,
    Topology topology,
    int devicesPerNode,
    boolean inNetworkReduction) {
  public Link {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(bidirectional, "bidirectional");
    Objects.requireNonNull(topology, "topology");
    if (devicesPerNode < 1) {
      throw new IllegalArgumentException(
          "devicesPerNode must be at least 1, got " + devicesPerNode);
    }
  }

  /** What one device can send while it also receives the same amount. */
  public Bandwidth perDirection() {
    return bidirectional.times(0.5);
  }
}
