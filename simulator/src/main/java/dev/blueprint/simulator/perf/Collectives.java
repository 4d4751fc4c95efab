package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.CollectiveSizeCurve;
import dev.blueprint.simulator.hardware.DeviceEfficiency;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.Link;
import dev.blueprint.simulator.hardware.Topology;
import dev.blueprint.simulator.model.CollectiveSpec.Operation;
import java.util.Optional;

/**
 * Time of collectives over a device's fabrics, with the algorithms NCCL-like libraries use:
 *
 * <ul>
 *   <li>ring: each device sends and receives {@code 2(n−1)/n} of the buffer for an all-reduce,
 *       {@code (n−1)/n} for an all-gather or reduce-scatter, in {@code 2(n−1)} or {@code n−1} steps
 *       that each pay the link latency;
 *   <li>tree (all-reduce): NCCL's double binary trees move the same bytes as the ring ("full
 *       bandwidth", NVIDIA's NCCL 2.4 announcement) in {@code 2⌈log₂ n⌉} steps, so they win on
 *       small buffers and many devices;
 *   <li>in-network reduction (NVLink SHARP) on switches that offer it: each device sends and
 *       receives the buffer once, at the fraction of the link the switch reduction reaches;
 *   <li>torus fabrics (TPU ICI): the group is laid out as a near-cubic {@code k₁×…×k_d} block and
 *       the collective runs one ring phase per dimension, so it pays {@code Σ(kᵢ−1)} steps of
 *       latency rather than {@code n−1}; the buffer is split between the dimension orders so every
 *       link carries traffic and the bytes per device stay those of one ring;
 *   <li>across nodes, hierarchical: reduce-scatter inside the node, ring all-reduce between nodes
 *       over the scale-out network on each device's share, all-gather inside the node.
 * </ul>
 *
 * The achievable fraction of a link ({@code collective_max}) and the step latency come from the
 * device's efficiency parameters (docs/calibration.md). Where the profile carries a measured
 * all-reduce sweep ({@code collective_size_curve}), an all-reduce inside a node is charged no less
 * than the time that sweep took at its message size, scaled to the profile's plateau: mid-sized
 * messages (1–100 MiB, the size of tensor-parallel all-reduces) reach well under the plateau.
 */
public final class Collectives {
  /**
   * Share of a PCIe link's per-direction bandwidth a collective reaches when GPUs talk through PCIe
   * switches and the host: NCCL measures 28 GB/s bus bandwidth on 8 and 35 GB/s on 4 GPUs over PCIe
   * Gen5 x16 (64 GB/s per direction), "determined by the bandwidth your CPU and memory can deliver"
   * (S. Jeaugey, NVIDIA, NCCL issue 1639); docs/calibration.md.
   */
  public static final double PCIE_COLLECTIVE_SHARE = 0.5;

  private Collectives() {}

  /** The share of a link's per-direction bandwidth a large collective reaches. */
  static double linkShare(Link link, DeviceEfficiency eff) {
    return link.topology() == Topology.PCIE
        ? Math.min(eff.collectiveMax(), PCIE_COLLECTIVE_SHARE)
        : eff.collectiveMax();
  }

  /**
   * A collective over a group packed onto as few nodes as possible.
   *
   * @param operation which collective
   * @param bytes the buffer each device holds (all-gather: the gathered result)
   * @param devices how many devices take part
   * @param hardware the device (its fabrics and efficiencies)
   */
  public static CollectiveTime time(
      Operation operation, double bytes, int devices, HardwareProfile hardware) {
    int perNode =
        hardware
            .interconnect()
            .intraNode()
            .filter(l -> l.topology() != Topology.NONE)
            .map(Link::devicesPerNode)
            .orElse(1);
    return time(operation, bytes, devices, Math.min(devices, perNode), hardware);
  }

  /**
   * A collective over a group of which {@code membersPerNode} devices share each node (1 when every
   * member sits on its own node, as data-parallel peers do once tensor parallelism fills a node).
   */
  public static CollectiveTime time(
      Operation operation,
      double bytes,
      int devices,
      int membersPerNode,
      HardwareProfile hardware) {
    if (devices <= 1 || bytes <= 0) {
      return CollectiveTime.NONE;
    }
    DeviceEfficiency eff = hardware.efficiency();
    Optional<Link> intra =
        hardware.interconnect().intraNode().filter(l -> l.topology() != Topology.NONE);
    int perNode =
        intra.map(l -> Math.max(1, Math.min(membersPerNode, l.devicesPerNode()))).orElse(1);
    if (intra.isPresent() && devices <= perNode) {
      return withinNode(operation, bytes, devices, intra.get(), eff);
    }
    Link outer = scaleOutOrHost(hardware, devices);
    double outerRate = outer.perDirection().bytesPerSecond() * linkShare(outer, eff);
    double latency = eff.collectiveLatency().seconds();
    if (intra.isEmpty() || perNode <= 1) {
      CollectiveTime across = ring(operation, bytes, devices, outerRate, latency, "ring");
      if (operation == Operation.ALL_REDUCE) {
        CollectiveTime tree = tree(bytes, devices, outerRate, latency);
        return tree.seconds() < across.seconds() ? tree : across;
      }
      return across;
    }
    int nodes = (int) Math.ceil(devices / (double) perNode);
    if (operation == Operation.ALL_TO_ALL) {
      // Nothing can be combined on the way: each device sends (n − perNode)/n of its buffer off
      // the node over its own network port, and the rest over the scale-up fabric.
      double offNode = bytes * (devices - perNode) / devices;
      double onNode =
          withinNode(Operation.ALL_TO_ALL, bytes * perNode / devices, perNode, intra.get(), eff)
              .seconds();
      double seconds = offNode / outerRate + onNode + (nodes - 1) * latency;
      return new CollectiveTime(
          seconds,
          bytes / seconds,
          bytes / seconds * busFactor(operation, devices),
          "hierarchical");
    }
    // Inside the node the buffer is reduce-scattered; each device then owns 1/perNode of it and
    // runs the inter-node step on that share alone, in parallel with its peers.
    double share = bytes / perNode;
    double inner;
    if (operation == Operation.ALL_REDUCE) {
      inner =
          withinNode(Operation.REDUCE_SCATTER, bytes, perNode, intra.get(), eff).seconds()
              + withinNode(Operation.ALL_GATHER, bytes, perNode, intra.get(), eff).seconds();
    } else {
      inner = withinNode(operation, bytes, perNode, intra.get(), eff).seconds();
    }
    CollectiveTime across = ring(operation, share, nodes, outerRate, latency, "ring");
    if (operation == Operation.ALL_REDUCE) {
      CollectiveTime tree = tree(share, nodes, outerRate, latency);
      if (tree.seconds() < across.seconds()) {
        across = tree;
      }
    }
    double seconds = inner + across.seconds();
    return new CollectiveTime(
        seconds, bytes / seconds, bytes / seconds * busFactor(operation, devices), "hierarchical");
  }

  /**
   * Sending {@code bytes} from one device to another (pipeline stages): over the scale-up fabric
   * when both sit on one node, else over the network.
   */
  public static double pointToPointSeconds(
      double bytes, boolean crossesNodes, HardwareProfile hardware) {
    if (bytes <= 0) {
      return 0;
    }
    DeviceEfficiency eff = hardware.efficiency();
    Optional<Link> intra =
        hardware.interconnect().intraNode().filter(l -> l.topology() != Topology.NONE);
    Link link = !crossesNodes && intra.isPresent() ? intra.get() : scaleOutOrHost(hardware, 2);
    return bytes / (groupPerDirection(link, 2) * linkShare(link, eff))
        + eff.collectiveLatency().seconds();
  }

  private static Link scaleOutOrHost(HardwareProfile hardware, int devices) {
    return hardware
        .interconnect()
        .scaleOut()
        .orElseGet(
            () ->
                hardware
                    .interconnect()
                    .host()
                    .orElseThrow(
                        () ->
                            new IllegalArgumentException(
                                hardware.id()
                                    + " has no interconnect to reach "
                                    + devices
                                    + " devices")));
  }

  /**
   * The per-direction bandwidth a group of {@code devices} reaches on a link. On a full mesh
   * ({@link Topology#MESH}) each device's bandwidth is split evenly over point-to-point links to
   * every other device of the node, so a group of k of the node's n devices can use only the {@code
   * (k−1)/(n−1)} of it that joins its members: an MI300X reaches each peer over one xGMI link of 64
   * GB/s per direction of its seven (AMD ROCm blog "Understanding RCCL Bandwidth and xGMI
   * Performance on MI300X", 2025-03), a Gaudi 2 each peer over 3 of its 21 scale-up 100 GbE ports
   * (Habana's networking page); Lee et al. (ISCA 2025, "Debunking the CUDA Myth") measure Gaudi 2's
   * collectives declining with fewer devices for this reason. Switched fabrics give every device
   * its whole bandwidth whatever the group.
   */
  static double groupPerDirection(Link link, int devices) {
    double perDirection = link.perDirection().bytesPerSecond();
    int n = link.devicesPerNode();
    if (link.topology() == Topology.MESH && n > 1 && devices < n) {
      return perDirection * Math.max(1, devices - 1) / (n - 1);
    }
    return perDirection;
  }

  private static CollectiveTime withinNode(
      Operation operation, double bytes, int devices, Link link, DeviceEfficiency eff) {
    double perDirection = groupPerDirection(link, devices);
    double share = linkShare(link, eff);
    int dimensions = torusDimensions(link.topology());
    if (dimensions > 1) {
      return torus(
          operation,
          bytes,
          devices,
          dimensions,
          perDirection * share,
          eff.collectiveLatency().seconds());
    }
    CollectiveTime ring =
        ring(
            operation,
            bytes,
            devices,
            perDirection * share,
            eff.collectiveLatency().seconds(),
            "ring");
    if (operation == Operation.ALL_REDUCE) {
      CollectiveTime tree =
          tree(bytes, devices, perDirection * share, eff.collectiveLatency().seconds());
      if (tree.seconds() < ring.seconds()) {
        ring = tree;
      }
    }
    boolean nvls =
        operation == Operation.ALL_REDUCE
            && link.inNetworkReduction()
            && link.topology() == Topology.SWITCH;
    CollectiveTime best = ring;
    if (nvls) {
      double seconds =
          bytes / (perDirection * eff.inNetworkReductionMax())
              + 2 * eff.collectiveLatency().seconds();
      if (seconds < ring.seconds()) {
        best =
            new CollectiveTime(
                seconds, bytes / seconds, bytes / seconds * busFactor(operation, devices), "nvls");
      }
    }
    if (operation == Operation.ALL_REDUCE) {
      // The fastest algorithm's large-message algorithm bandwidth: the plateau of a sweep.
      double plateau = perDirection * share / busFactor(operation, devices);
      if (nvls) {
        plateau = Math.max(plateau, perDirection * eff.inNetworkReductionMax());
      }
      best = atMeasuredShare(best, bytes, devices, plateau, eff.collectiveSizeCurve());
    }
    return best;
  }

  /**
   * An all-reduce's time where mid-sized messages reach only part of the plateau algorithm
   * bandwidth: a measured sweep says which share of it each message size reaches ({@link
   * CollectiveSizeCurve}; an 8×H100 sweep reaches half of it at 16 MiB). Where the sweep is slower
   * than the algorithm's bandwidth plus per-step latency, the sweep's time is charged, under the
   * same algorithm name; the curve never makes a collective faster.
   */
  static CollectiveTime atMeasuredShare(
      CollectiveTime modelled,
      double bytes,
      int devices,
      double plateauAlgorithmBandwidth,
      CollectiveSizeCurve curve) {
    if (!curve.isMeasured()) {
      return modelled;
    }
    double seconds = bytes / (plateauAlgorithmBandwidth * curve.share(bytes));
    if (seconds <= modelled.seconds()) {
      return modelled;
    }
    return new CollectiveTime(
        seconds,
        bytes / seconds,
        bytes / seconds * busFactor(Operation.ALL_REDUCE, devices),
        modelled.algorithm());
  }

  private static CollectiveTime ring(
      Operation operation,
      double bytes,
      int devices,
      double bytesPerSecond,
      double stepLatency,
      String name) {
    double factor = busFactor(operation, devices);
    int steps =
        switch (operation) {
          case ALL_REDUCE -> 2 * (devices - 1);
          default -> devices - 1;
        };
    double seconds = factor * bytes / bytesPerSecond + steps * stepLatency;
    return new CollectiveTime(seconds, bytes / seconds, bytes / seconds * factor, name);
  }

  private static int torusDimensions(Topology topology) {
    return switch (topology) {
      case TORUS_2D -> 2;
      case TORUS_3D -> 3;
      default -> 1;
    };
  }

  /**
   * Dimension-ordered rings over a torus. Reductions and gathers move the bytes of one ring over
   * the whole group (each phase works on what the previous ones left, so the volumes telescope to
   * {@code (n−1)/n}); an all-to-all cannot combine anything and forwards the whole buffer in every
   * phase.
   */
  private static CollectiveTime torus(
      Operation operation,
      double bytes,
      int devices,
      int dimensions,
      double bytesPerSecond,
      double stepLatency) {
    int[] sides = torusSides(devices, dimensions);
    int steps = 0;
    double allToAllFactor = 0;
    for (int side : sides) {
      steps += side - 1;
      allToAllFactor += (side - 1) / (double) side;
    }
    if (operation == Operation.ALL_REDUCE) {
      steps *= 2;
    }
    double factor = busFactor(operation, devices);
    double volume = operation == Operation.ALL_TO_ALL ? allToAllFactor : factor;
    double seconds = volume * bytes / bytesPerSecond + steps * stepLatency;
    return new CollectiveTime(seconds, bytes / seconds, bytes / seconds * factor, "torus");
  }

  /**
   * The sides of the most nearly cubic block of {@code dimensions} sides that holds {@code
   * devices}: 256 devices on a 2-D torus are 16×16, 1,024 on a 3-D torus 10×10×11 (a real slice
   * would be 8×8×16; the step count differs by one).
   */
  static int[] torusSides(int devices, int dimensions) {
    int[] sides = new int[dimensions];
    int remaining = devices;
    for (int d = 0; d < dimensions; d++) {
      int left = dimensions - d;
      int side = 1;
      while (Math.pow(side, left) < remaining) {
        side++;
      }
      sides[d] = side;
      remaining = (int) Math.ceil(remaining / (double) side);
    }
    return sides;
  }

  private static CollectiveTime tree(
      double bytes, int devices, double bytesPerSecond, double stepLatency) {
    double factor = busFactor(Operation.ALL_REDUCE, devices);
    int depth = 32 - Integer.numberOfLeadingZeros(devices - 1);
    double seconds = factor * bytes / bytesPerSecond + 2 * depth * stepLatency;
    return new CollectiveTime(seconds, bytes / seconds, bytes / seconds * factor, "tree");
  }

  /** What nccl-tests multiplies algorithm bandwidth by to report bus bandwidth. */
  public static double busFactor(Operation operation, int devices) {
    return switch (operation) {
      case ALL_REDUCE -> 2.0 * (devices - 1) / devices;
      case ALL_GATHER, REDUCE_SCATTER, ALL_TO_ALL -> (devices - 1) / (double) devices;
    };
  }
}
