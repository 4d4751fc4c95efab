package dev.blueprint.simulator.calibrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.hardware.DeviceEfficiency;
import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.units.FlopCount;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EfficiencyFitTest {
  static final HardwareProfile H100 = HardwareCatalog.shipped().get("nvidia-h100-sxm-80gb");

  /** A device that behaves unlike the shipped profile in every parameter the sweep can see. */
  static final HardwareProfile TRUTH =
      H100.withEfficiency(
          H100.efficiency().toBuilder()
              .matrixMax(0.74)
              .matrixMax(Precision.FP8, 0.66)
              .matrixHalfWork(FlopCount.of(9e9))
              .memoryMax(0.86)
              .memoryLatency(TimeSpan.micros(1.6))
              .gatherMax(0.42)
              .kernelOverhead(TimeSpan.micros(3.1))
              .launchOverhead(TimeSpan.micros(14))
              .build());

  /** The rows a sweep on {@code device} would measure, with seeded multiplicative noise. */
  static List<KernelMeasurement> sweep(HardwareProfile device, double noise, long seed) {
    Random random = new Random(seed);
    List<KernelMeasurement> rows = new ArrayList<>();
    int line = 2;
    for (Precision p : List.of(Precision.BF16, Precision.FP8)) {
      double in = p.bytesPerElement();
      for (long size = 1024; size <= 16384; size *= 2) {
        rows.add(gemm(line++, p, size, size, size, in));
      }
      for (long m = 64; m <= 8192; m *= 2) {
        rows.add(gemm(line++, p, m, 8192, 8192, in));
      }
    }
    for (double bytes = 64e3; bytes <= 4e9; bytes *= 4) {
      rows.add(
          new KernelMeasurement(
              line++, KernelKind.STREAM, Precision.FP32, 0, 0, 0, bytes, 0, 1, ""));
    }
    for (double bytes = 16e6; bytes <= 1e9; bytes *= 2) {
      rows.add(
          new KernelMeasurement(
              line++, KernelKind.GATHER, Precision.FP32, 0, 0, 0, bytes * 1.03, bytes, 1, ""));
    }
    for (int i = 0; i < 5; i++) {
      rows.add(
          new KernelMeasurement(line++, KernelKind.LAUNCH, Precision.FP32, 0, 0, 0, 0, 0, 1, ""));
      rows.add(
          new KernelMeasurement(
              line++, KernelKind.GRAPH_NODE, Precision.FP32, 0, 0, 0, 0, 0, 1, ""));
    }
    List<KernelMeasurement> timed = new ArrayList<>();
    for (KernelMeasurement row : rows) {
      double seconds = EfficiencyFit.predict(device, row) * Math.exp(noise * random.nextGaussian());
      timed.add(
          new KernelMeasurement(
              row.line(),
              row.kind(),
              row.precision(),
              row.m(),
              row.n(),
              row.k(),
              row.streamBytes(),
              row.gatherBytes(),
              seconds,
              row.note()));
    }
    return timed;
  }

  static KernelMeasurement gemm(int line, Precision p, long m, long n, long k, double inBytes) {
    double bytes = (m * k + k * n) * inBytes + m * n * 2.0;
    return new KernelMeasurement(line, KernelKind.GEMM, p, m, n, k, bytes, 0, 1, "");
  }

  static Map<String, FittedParameter> byName(Calibration c) {
    return c.parameters().stream()
        .collect(Collectors.toMap(FittedParameter::name, Function.identity()));
  }

  @Test
  void recoversEveryParameterOfANoiselessSweep() {
    Calibration c = EfficiencyFit.fit(H100, sweep(TRUTH, 0, 1));
    DeviceEfficiency e = c.after().efficiency();
    assertThat(e.matrixMax()).isCloseTo(0.74, within(0.003));
    assertThat(e.matrixMax(Precision.FP8)).isCloseTo(0.66, within(0.003));
    assertThat(e.matrixHalfWork().flop()).isCloseTo(9e9, within(0.3e9));
    assertThat(e.memoryMax()).isCloseTo(0.86, within(0.002));
    assertThat(e.memoryLatency().micros()).isCloseTo(1.6, within(0.05));
    assertThat(e.gatherMax()).isCloseTo(0.42, within(0.002));
    assertThat(e.kernelOverhead().micros()).isCloseTo(3.1, within(1e-9));
    assertThat(e.launchOverhead().micros()).isCloseTo(14, within(1e-9));
    assertThat(c.summary().maxAfter()).isLessThan(0.01);
    // Parameters the sweep cannot see keep the profile's values.
    assertThat(e.collectiveMax()).isEqualTo(H100.efficiency().collectiveMax());
    assertThat(e.vectorMax()).isEqualTo(H100.efficiency().vectorMax());
  }

  @Test
  void aNoisySweepStillLandsNearTheTruthAndBeatsTheProfile() {
    Calibration c = EfficiencyFit.fit(H100, sweep(TRUTH, 0.03, 7));
    DeviceEfficiency e = c.after().efficiency();
    assertThat(e.matrixMax()).isCloseTo(0.74, within(0.02));
    assertThat(e.matrixMax(Precision.FP8)).isCloseTo(0.66, within(0.02));
    assertThat(e.memoryMax()).isCloseTo(0.86, within(0.03));
    assertThat(e.gatherMax()).isCloseTo(0.42, within(0.02));
    Calibration.ErrorSummary all = c.summary();
    assertThat(all.medianAfter()).isLessThan(0.04).isLessThan(all.medianBefore());
  }

  @Test
  void theShippedProfileReproducesItsOwnSweep() {
    Calibration c = EfficiencyFit.fit(H100, sweep(H100, 0, 3));
    assertThat(c.summary().maxBefore()).isLessThan(1e-12);
    assertThat(c.summary().maxAfter()).isLessThan(0.01);
    for (FittedParameter p : c.parameters()) {
      assertThat(p.after())
          .as(p.name())
          .isCloseTo(p.before(), within(Math.max(0.01, 0.03 * p.before())));
    }
  }

  @Test
  void parametersNoRowInformsAreLeftAsTheProfileHasThem() {
    List<KernelMeasurement> onlyStreams =
        sweep(TRUTH, 0, 1).stream().filter(r -> r.kind() == KernelKind.STREAM).toList();
    Calibration c = EfficiencyFit.fit(H100, onlyStreams);
    Map<String, FittedParameter> p = byName(c);
    assertThat(p.get("memory_max").fitted()).isTrue();
    assertThat(p.get("gather_max").fitted()).isFalse();
    assertThat(p.get("gather_max").after()).isEqualTo(H100.efficiency().gatherMax());
    assertThat(p).doesNotContainKey("matrix_max");
    assertThat(c.after().efficiency().matrixMax()).isEqualTo(H100.efficiency().matrixMax());
  }

  @Test
  void memoryBoundGemmsDoNotSetTheMatrixCurve() {
    // Skinny products (M = 1..8) are all memory: they must not drag matrix_max down.
    List<KernelMeasurement> rows = new ArrayList<>(sweep(TRUTH, 0, 1));
    int line = 1000;
    List<KernelMeasurement> skinny = new ArrayList<>();
    for (long m = 1; m <= 8; m *= 2) {
      skinny.add(gemm(line++, Precision.BF16, m, 8192, 8192, 2));
    }
    for (KernelMeasurement row : skinny) {
      rows.add(
          new KernelMeasurement(
              row.line(),
              row.kind(),
              row.precision(),
              row.m(),
              row.n(),
              row.k(),
              row.streamBytes(),
              0,
              EfficiencyFit.predict(TRUTH, row),
              ""));
    }
    assertThat(EfficiencyFit.fit(H100, rows).after().efficiency().matrixMax())
        .isCloseTo(0.74, within(0.003));
  }

  @Test
  void aSweepFasterThanTheDatasheetIsCappedAndSaysSo() {
    List<KernelMeasurement> rows =
        sweep(TRUTH, 0, 1).stream()
            .map(
                r ->
                    r.kind() == KernelKind.STREAM
                        ? new KernelMeasurement(
                            r.line(),
                            r.kind(),
                            r.precision(),
                            0,
                            0,
                            0,
                            r.streamBytes(),
                            0,
                            r.seconds() / 2,
                            "")
                        : r)
            .toList();
    Calibration c = EfficiencyFit.fit(TRUTH, rows);
    assertThat(c.after().efficiency().memoryMax()).isEqualTo(1.0);
    assertThat(c.warnings())
        .anySatisfy(
            w -> assertThat(w).contains("memory_max came out at 1.7").contains("capped at 1"));
  }

  @Test
  void onlyMemoryBoundProductsLeaveTheCurveAloneWithAWarning() {
    List<KernelMeasurement> rows = new ArrayList<>();
    for (long m = 1; m <= 8; m *= 2) {
      KernelMeasurement row = gemm((int) m, Precision.BF16, m, 8192, 8192, 2);
      rows.add(
          new KernelMeasurement(
              row.line(),
              row.kind(),
              row.precision(),
              row.m(),
              row.n(),
              row.k(),
              row.streamBytes(),
              0,
              EfficiencyFit.predict(TRUTH, row),
              ""));
    }
    Calibration c = EfficiencyFit.fit(H100, rows);
    assertThat(c.after().efficiency().matrixMax()).isEqualTo(H100.efficiency().matrixMax());
    assertThat(c.warnings())
        .containsExactly(
            "bf16: 0 of 4 gemm rows are compute bound (memory under a third of their time); the curve needs two sizes, "
                + "so it is not fitted");
  }

  @Test
  void anFp8OnlySweepSetsTheFp8EntryAndLeavesThe16BitFigure() {
    List<KernelMeasurement> fp8 =
        sweep(TRUTH, 0, 1).stream()
            .filter(r -> r.kind() != KernelKind.GEMM || r.precision() == Precision.FP8)
            .toList();
    Calibration c = EfficiencyFit.fit(H100, fp8);
    assertThat(c.after().efficiency().matrixMax(Precision.FP8)).isCloseTo(0.66, within(0.003));
    assertThat(c.after().efficiency().matrixMax()).isEqualTo(H100.efficiency().matrixMax());
    assertThat(byName(c))
        .containsKey("matrix_max_by_precision.fp8")
        .doesNotContainKey("matrix_max");
    assertThat(c.summary().maxAfter()).isLessThan(0.01);
  }
}
