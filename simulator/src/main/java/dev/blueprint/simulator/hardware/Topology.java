package dev.blueprint.simulator.hardware;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the devices on a link are wired, which decides the collective algorithms that fit. */
public enum Topology {
  /** Every device reaches every other at full bandwidth through a switch (NVSwitch). */
  SWITCH("switch"),
  RING("ring"),
  /** Direct links between every pair (AMD Infinity Fabric on MI300X platforms). */
  MESH("mesh"),
  TORUS_2D("torus-2d"),
  TORUS_3D("torus-3d"),
  /** Through the host's PCIe (and its root complex or switches). */
  PCIE("pcie"),
  FAT_TREE("fat-tree"),
  NONE("none");

  private final String id;

  Topology(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Topology parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (Topology topology : values()) {
      if (topology.id.equals(wanted)) {
        return topology;
      }
    }
    throw new IllegalArgumentException(
        "expected one of "
            + Arrays.stream(values()).map(Topology::id).collect(Collectors.joining(", "))
            + ", got '"
            + text
            + "'");
  }

  @Override
  public String toString() {
    return id;
  }
}
