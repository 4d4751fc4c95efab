package dev.blueprint.simulator.hardware;

import java.util.Objects;
import java.util.Optional;

/**
 * The fabrics of a device.
 *
 * @param intraNode the scale-up fabric (NVLink, Infinity Fabric, TPU ICI), if any
 * @param scaleOut the network between nodes (InfiniBand, RoCE, DCN), if any
 * @param host the link to the host (PCIe), if any
 */
public record Interconnect(Optional<Link> intraNode, Optional<Link> scaleOut, Optional<Link> host) {
  public static final Interconnect NONE =
      new Interconnect(Optional.empty(), Optional.empty(), Optional.empty());

  public Interconnect {
    Objects.requireNonNull(intraNode, "intraNode");
    Objects.requireNonNull(scaleOut, "scaleOut");
    Objects.requireNonNull(host, "host");
  }
}
