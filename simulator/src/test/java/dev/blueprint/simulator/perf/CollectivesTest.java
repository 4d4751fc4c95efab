package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.CollectiveSizeCurve;
import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.Link;
import dev.blueprint.simulator.model.CollectiveSpec.Operation;
import org.junit.jupiter.api.Test;

class CollectivesTest {
  final HardwareProfile h100 = HardwareCatalog.shipped().get("nvidia-h100-sxm-80gb");
  final HardwareProfile a100 = HardwareCatalog.shipped().get("nvidia-a100-sxm-80gb");

  @Test
  void aLargeRingAllReduceReachesTheLinksEffectiveBandwidthAsBusBandwidth() {
    CollectiveTime t = Collectives.time(Operation.ALL_REDUCE, 8e9, 8, a100);
    assertThat(t.algorithm()).isIn("ring", "tree");
    double effective = 300e9 * a100.efficiency().collectiveMax();
    assertThat(t.busBandwidth()).isCloseTo(effective, within(effective * 0.01));
  }

  @Test
  void nvlinkSharpBeatsTheRingOnEightH100s() {
    CollectiveTime t = Collectives.time(Operation.ALL_REDUCE, 8e9, 8, h100);
    assertThat(t.algorithm()).isEqualTo("nvls");
    assertThat(t.busBandwidth()).isGreaterThan(450e9 * h100.efficiency().collectiveMax());
  }

  @Test
  void smallMessagesAreLatencyBound() {
    CollectiveTime small = Collectives.time(Operation.ALL_REDUCE, 1024, 8, a100);
    assertThat(small.seconds())
        .isGreaterThanOrEqualTo(6 * a100.efficiency().collectiveLatency().seconds());
    assertThat(small.busBandwidth()).isLessThan(1e9);
  }

  @Test
  void beyondOneNodeTheScaleOutNetworkIsUsed() {
    CollectiveTime inside = Collectives.time(Operation.ALL_REDUCE, 1e9, 8, a100);
    CollectiveTime across = Collectives.time(Operation.ALL_REDUCE, 1e9, 64, a100);
    assertThat(across.algorithm()).isEqualTo("hierarchical");
    assertThat(across.seconds()).isGreaterThan(inside.seconds());
  }

  @Test
  void treesWinOnSmallBuffersOverManyDevicesAndRingsNeverLoseOnLargeOnes() {
    var pcieOnly = HardwareCatalog.shipped().get("nvidia-l4");
    CollectiveTime small = Collectives.time(Operation.ALL_REDUCE, 64 * 1024, 64, a100);
    assertThat(small.seconds())
        .isLessThan(2 * 2 * 7 * a100.efficiency().collectiveLatency().seconds() + 1e-3);
    CollectiveTime large = Collectives.time(Operation.ALL_REDUCE, 8e9, 8, a100);
    assertThat(large.algorithm()).isIn("ring", "tree");
    assertThat(Collectives.time(Operation.ALL_REDUCE, 1024, 4, pcieOnly).algorithm())
        .isEqualTo("tree");
  }

  @Test
  void oneDeviceNeedsNoCommunication() {
    assertThat(Collectives.time(Operation.ALL_REDUCE, 1e9, 1, a100).seconds()).isZero();
  }

  @Test
  void aTorusIsLaidOutAsANearlyCubicBlock() {
    assertThat(Collectives.torusSides(256, 2)).containsExactly(16, 16);
    assertThat(Collectives.torusSides(1024, 3)).containsExactly(11, 10, 10);
    assertThat(Collectives.torusSides(6, 2)).containsExactly(3, 2);
    assertThat(Collectives.torusSides(64, 3)).containsExactly(4, 4, 4);
  }

  @Test
  void aTorusPaysOneRingPhasePerDimensionNotOneStepPerDevice() {
    HardwareProfile v5e = HardwareCatalog.shipped().get("google-tpu-v5e");
    double latency = v5e.efficiency().collectiveLatency().seconds();
    double rate =
        v5e.interconnect().intraNode().orElseThrow().perDirection().bytesPerSecond()
            * v5e.efficiency().collectiveMax();
    CollectiveTime gather = Collectives.time(Operation.ALL_GATHER, 1e6, 256, v5e);
    assertThat(gather.algorithm()).isEqualTo("torus");
    assertThat(gather.seconds()).isCloseTo(255.0 / 256 * 1e6 / rate + 30 * latency, within(1e-9));
    // An all-reduce moves twice the bytes in twice the steps: never cheaper than the all-gather.
    CollectiveTime reduce = Collectives.time(Operation.ALL_REDUCE, 1e6, 256, v5e);
    assertThat(reduce.seconds()).isCloseTo(2 * gather.seconds(), within(gather.seconds() * 1e-9));
  }

  @Test
  void anAllToAllOnATorusForwardsTheWholeBufferInEveryPhase() {
    HardwareProfile v5e = HardwareCatalog.shipped().get("google-tpu-v5e");
    double big = 1e10;
    CollectiveTime gather = Collectives.time(Operation.ALL_GATHER, big, 256, v5e);
    CollectiveTime exchange = Collectives.time(Operation.ALL_TO_ALL, big, 256, v5e);
    // Two phases of 15/16 of the buffer against 255/256 of it once.
    assertThat(exchange.seconds() / gather.seconds())
        .isCloseTo(2 * 15.0 / 16 / (255.0 / 256), within(0.01));
  }

  @Test
  void onAFullMeshASmallGroupUsesOnlyTheLinksBetweenItsMembers() {
    // Gaudi 2: 21 scale-up ports spread over 7 peers, 3 per pair; MI300X: one xGMI link per pair.
    HardwareProfile gaudi2 = HardwareCatalog.shipped().get("intel-gaudi2");
    Link mesh = gaudi2.interconnect().intraNode().orElseThrow();
    double all = mesh.perDirection().bytesPerSecond();
    assertThat(Collectives.groupPerDirection(mesh, 8)).isEqualTo(all);
    assertThat(Collectives.groupPerDirection(mesh, 2)).isCloseTo(all / 7, within(1.0));
    assertThat(Collectives.groupPerDirection(mesh, 4)).isCloseTo(all * 3 / 7, within(1.0));
    double gib = 1024.0 * 1024 * 1024;
    double pair = Collectives.time(Operation.ALL_REDUCE, gib, 2, gaudi2).busBandwidth();
    double eight = Collectives.time(Operation.ALL_REDUCE, gib, 8, gaudi2).busBandwidth();
    assertThat(eight / pair).isCloseTo(7, within(0.2));
    // A switch gives every member its whole bandwidth whatever the group.
    Link nvswitch = h100.interconnect().intraNode().orElseThrow();
    assertThat(Collectives.groupPerDirection(nvswitch, 2))
        .isEqualTo(nvswitch.perDirection().bytesPerSecond());
  }

  @Test
  void midSizedAllReducesReachTheShareOfThePlateauTheMeasuredSweepReached() {
    // ND H100 v5 sweep (NCCL 2.18.5, NVLS, 8 GPUs): 234.45 GB/s bus bandwidth at 16 MiB, 361.78 at
    // 64 MiB, against 478.87 at 8 GiB; bandwidth plus per-step latency alone would promise 1.6x.
    double mib = 1024.0 * 1024;
    double plateauBus = 450e9 * h100.efficiency().inNetworkReductionMax() * 2 * 7 / 8;
    CollectiveTime at16 = Collectives.time(Operation.ALL_REDUCE, 16 * mib, 8, h100);
    assertThat(at16.algorithm()).isEqualTo("nvls");
    assertThat(at16.busBandwidth()).isCloseTo(0.490 * plateauBus, within(plateauBus * 1e-3));
    assertThat(at16.busBandwidth()).isCloseTo(234.45e9, within(234.45e9 * 0.03));
    CollectiveTime at64 = Collectives.time(Operation.ALL_REDUCE, 64 * mib, 8, h100);
    assertThat(at64.busBandwidth()).isCloseTo(361.78e9, within(361.78e9 * 0.03));
    // The A100's ring: 109.22 GB/s at 16 MiB of 231.58 at 8 GiB (ND A100 v4 sweep).
    CollectiveTime a100At16 = Collectives.time(Operation.ALL_REDUCE, 16 * mib, 8, a100);
    assertThat(a100At16.busBandwidth()).isCloseTo(109.22e9, within(109.22e9 * 0.03));
  }

  @Test
  void theSweepNeverMakesACollectiveFasterThanItsAlgorithmAllows() {
    // 256 KiB: the first measured point's share would give a few microseconds; the two NVLS steps
    // of latency are slower, so they are charged.
    HardwareProfile without =
        h100.withEfficiency(
            h100.efficiency().toBuilder().collectiveSizeCurve(CollectiveSizeCurve.NONE).build());
    double small = 256 * 1024;
    assertThat(Collectives.time(Operation.ALL_REDUCE, small, 8, h100).seconds())
        .isEqualTo(Collectives.time(Operation.ALL_REDUCE, small, 8, without).seconds());
    for (double bytes : new double[] {1e6, 16e6, 256e6, 8e9}) {
      assertThat(Collectives.time(Operation.ALL_REDUCE, bytes, 8, h100).seconds())
          .isGreaterThanOrEqualTo(
              Collectives.time(Operation.ALL_REDUCE, bytes, 8, without).seconds());
    }
    // Only all-reduces are measured: gathers and scatters keep the latency model.
    assertThat(Collectives.time(Operation.ALL_GATHER, 16e6, 8, h100).seconds())
        .isEqualTo(Collectives.time(Operation.ALL_GATHER, 16e6, 8, without).seconds());
  }
}
