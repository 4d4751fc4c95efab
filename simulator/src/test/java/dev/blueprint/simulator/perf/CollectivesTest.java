package dev.blueprint.simulator.perf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
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
    assertThat(t.busBandwidth()).isGreaterThan(Collectives.busFactor(Operation.ALL_REDUCE, 8) * 0);
    assertThat(t.busBandwidth()).isGreaterThan(450e9 * h100.efficiency().collectiveMax());
  }

  @Test
  void smallMessagesAreLatencyBound() {
    CollectiveTime small = Collectives.time(Operation.ALL_REDUCE, 1024, 8, a100);
    assertThat(small.seconds()).isGreaterThanOrEqualTo(6 * a100.efficiency().collectiveLatency().seconds());
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
    assertThat(small.seconds()).isLessThan(2 * 2 * 7 * a100.efficiency().collectiveLatency().seconds() + 1e-3);
    CollectiveTime large = Collectives.time(Operation.ALL_REDUCE, 8e9, 8, a100);
    assertThat(large.algorithm()).isIn("ring", "tree");
    assertThat(Collectives.time(Operation.ALL_REDUCE, 1024, 4, pcieOnly).algorithm()).isEqualTo("tree");
  }

  @Test
  void oneDeviceNeedsNoCommunication() {
    assertThat(Collectives.time(Operation.ALL_REDUCE, 1e9, 1, a100).seconds()).isZero();
  }
}
