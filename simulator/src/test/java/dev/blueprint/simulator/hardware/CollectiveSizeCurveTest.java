package dev.blueprint.simulator.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.CollectiveSizeCurve.Point;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectiveSizeCurveTest {
  static final double MIB = 1024.0 * 1024;
  final CollectiveSizeCurve curve =
      CollectiveSizeCurve.of(
          List.of(new Point(16 * MIB, 0.5), new Point(2 * MIB, 0.2), new Point(1024 * MIB, 1.0)));

  @Test
  void theMeasuredPointsAreReadBackExactly() {
    assertThat(curve.share(2 * MIB)).isEqualTo(0.2);
    assertThat(curve.share(16 * MIB)).isEqualTo(0.5);
    assertThat(curve.share(1024 * MIB)).isEqualTo(1.0);
  }

  @Test
  void betweenPointsTheShareFollowsTheLogarithmOfTheSize() {
    // 4 MiB and 8 MiB are one and two thirds of the way from 2 to 16 MiB on a log scale.
    assertThat(curve.share(4 * MIB)).isCloseTo(0.3, within(1e-12));
    assertThat(curve.share(8 * MIB)).isCloseTo(0.4, within(1e-12));
  }

  @Test
  void outsideTheSweepTheNearestPointHolds() {
    assertThat(curve.share(1024)).isEqualTo(0.2);
    assertThat(curve.share(64 * 1024 * MIB)).isEqualTo(1.0);
  }

  @Test
  void withoutASweepEverySizeReachesThePlateau() {
    assertThat(CollectiveSizeCurve.NONE.isMeasured()).isFalse();
    assertThat(CollectiveSizeCurve.NONE.share(1024)).isEqualTo(1.0);
  }

  @Test
  void pointsMustGrowInSizeAndSharesBeFractions() {
    assertThatThrownBy(
            () ->
                new CollectiveSizeCurve(List.of(new Point(4 * MIB, 0.3), new Point(2 * MIB, 0.4))))
        .hasMessageContaining("curve points must grow in size");
    assertThatThrownBy(
            () -> CollectiveSizeCurve.of(List.of(new Point(2 * MIB, 0.3), new Point(2 * MIB, 0.4))))
        .hasMessageContaining("curve points must grow in size");
    assertThatThrownBy(() -> new Point(2 * MIB, 1.2))
        .hasMessageContaining("must be in (0, 1], got 1.2");
    assertThatThrownBy(() -> new Point(0, 0.5)).hasMessageContaining("must be positive");
  }
}
