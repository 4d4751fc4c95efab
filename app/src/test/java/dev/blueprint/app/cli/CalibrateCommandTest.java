package dev.blueprint.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.calibrate.EfficiencyFit;
import dev.blueprint.simulator.calibrate.KernelKind;
import dev.blueprint.simulator.calibrate.KernelMeasurement;
import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.units.FlopCount;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.TimeSpan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrateCommandTest {
  static final String HEADER = "kind,precision,m,n,k,stream_bytes,gather_bytes,seconds,note\n";

  @TempDir Path dir;

  /** A sweep of an L4 whose kernels run as a device with these parameters would. */
  Path sweep() throws Exception {
    HardwareProfile l4 = HardwareCatalog.shipped().get("nvidia-l4");
    HardwareProfile device =
        l4.withEfficiency(
            l4.efficiency().toBuilder()
                .matrixMax(0.5)
                .matrixHalfWork(FlopCount.of(2e9))
                .memoryMax(0.8)
                .memoryLatency(TimeSpan.micros(2))
                .gatherMax(0.3)
                .kernelOverhead(TimeSpan.micros(4))
                .launchOverhead(TimeSpan.micros(11))
                .build());
    StringBuilder csv =
        new StringBuilder("# made from the model, for the command's test\n").append(HEADER);
    for (long size = 1024; size <= 8192; size *= 2) {
      double bytes = 3.0 * size * size * 2;
      add(
          csv,
          device,
          new KernelMeasurement(
              0, KernelKind.GEMM, Precision.FP16, size, size, size, bytes, 0, 1, ""));
    }
    for (double bytes = 1e6; bytes <= 1e9; bytes *= 10) {
      add(
          csv,
          device,
          new KernelMeasurement(0, KernelKind.STREAM, Precision.FP32, 0, 0, 0, bytes, 0, 1, ""));
    }
    add(
        csv,
        device,
        new KernelMeasurement(0, KernelKind.GATHER, Precision.FP32, 0, 0, 0, 1e8, 1e8, 1, ""));
    add(
        csv,
        device,
        new KernelMeasurement(0, KernelKind.LAUNCH, Precision.FP32, 0, 0, 0, 0, 0, 1, ""));
    add(
        csv,
        device,
        new KernelMeasurement(0, KernelKind.GRAPH_NODE, Precision.FP32, 0, 0, 0, 0, 0, 1, ""));
    Path file = dir.resolve("sweep.csv");
    Files.writeString(file, csv);
    return file;
  }

  static void add(StringBuilder csv, HardwareProfile device, KernelMeasurement row) {
    csv.append(
        String.format(
            Locale.ROOT,
            "%s,%s,%s,%s,%s,%s,%s,%.9g,\n",
            row.kind().id(),
            row.kind() == KernelKind.GEMM ? row.precision().id() : "",
            row.m() > 0 ? row.m() : "",
            row.n() > 0 ? row.n() : "",
            row.k() > 0 ? row.k() : "",
            row.streamBytes() > 0 ? (long) row.streamBytes() : "",
            row.gatherBytes() > 0 ? (long) row.gatherBytes() : "",
            EfficiencyFit.predict(device, row)));
  }

  @Test
  void printsTheFittedParametersTheErrorsAndAProfileBlock() throws Exception {
    CliRun run = CliRun.of("calibrate", sweep().toString(), "--hardware", "nvidia-l4");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Calibration of nvidia-l4")
        .contains("Errors by kind of kernel")
        .contains("efficiency:\n")
        .contains("  matrix_max: 0.500\n")
        .contains("  memory_max: 0.800\n")
        .contains("  gather_max: 0.300\n")
        .contains("  launch_overhead: 11.0us\n")
        .contains("  kernel_overhead: 4.00us\n");
  }

  @Test
  void csvHasOneRowPerKernel() throws Exception {
    CliRun run =
        CliRun.of("calibrate", sweep().toString(), "--hardware", "nvidia-l4", "--format", "csv");
    String[] lines = run.out().split("\n");
    assertThat(lines[0])
        .isEqualTo("line,kernel,measured_us,before_us,error_before_pct,after_us,error_after_pct");
    assertThat(lines).hasSize(1 + 4 + 4 + 3);
    assertThat(lines[1]).startsWith("3,gemm fp16 1024x1024x1024,");
  }

  @Test
  void anUnknownDeviceIsRefusedWithSuggestions() throws Exception {
    CliRun run = CliRun.of("calibrate", sweep().toString(), "--hardware", "nvidia-l5");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("unknown hardware profile 'nvidia-l5'").contains("nvidia-l4");
  }

  @Test
  void aBadRowNamesItsLineAndFieldAndNothingIsFitted() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, HEADER + "gemm,fp16,64,64,64,100,,0.00001,\nstream,,,,,,,0.001,\n");
    CliRun run = CliRun.of("calibrate", file.toString(), "--hardware", "nvidia-l4");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("bad.csv:3: field 'stream_bytes'");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMissingFileIsAnError() {
    CliRun run =
        CliRun.of("calibrate", dir.resolve("absent.csv").toString(), "--hardware", "nvidia-l4");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("no such file");
  }

  @Test
  void saveAsWritesAProfileThatOtherCommandsUse() throws Exception {
    Path folder = dir.resolve("profiles");
    CliRun run =
        CliRun.of(
            "calibrate",
            sweep().toString(),
            "--hardware",
            "nvidia-l4",
            "--save-as",
            "my-l4",
            "--hardware-dir",
            folder.toString());
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).contains("wrote").contains("my-l4.yaml").contains("--hardware my-l4");
    String yaml = Files.readString(folder.resolve("my-l4.yaml"));
    assertThat(yaml)
        .startsWith("id: my-l4\n")
        .contains("kernel-sweep: \"sweep.csv; efficiency fitted by")
        .contains("  matrix_max: 0.5000\n");
    CliRun roofline =
        CliRun.of(
            "roofline",
            "--model",
            "resnet-50",
            "--hardware",
            "my-l4",
            "--precision",
            "fp16",
            "--batch",
            "8",
            "--hardware-dir",
            folder.toString());
    assertThat(roofline.exitCode()).isZero();
    assertThat(roofline.out()).contains("on my-l4");
  }

  @Test
  void saveAsRefusesToReplaceAProfileUnlessForced() throws Exception {
    Path folder = dir.resolve("profiles");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("my-l4.yaml"), "id: my-l4\n");
    CliRun refused =
        CliRun.of(
            "calibrate",
            sweep().toString(),
            "--hardware",
            "nvidia-l4",
            "--save-as",
            "my-l4",
            "--hardware-dir",
            folder.toString());
    assertThat(refused.exitCode()).isEqualTo(1);
    assertThat(refused.err()).contains("exists; add --force");
    assertThat(refused.out()).isEmpty();
    assertThat(Files.readString(folder.resolve("my-l4.yaml"))).isEqualTo("id: my-l4\n");
    CliRun forced =
        CliRun.of(
            "calibrate",
            sweep().toString(),
            "--hardware",
            "nvidia-l4",
            "--save-as",
            "my-l4",
            "--force",
            "--hardware-dir",
            folder.toString());
    assertThat(forced.exitCode()).isZero();
    assertThat(Files.readString(folder.resolve("my-l4.yaml")))
        .contains("(calibrated)\"")
        .contains("kernel-sweep:");
  }

  @Test
  void saveAsNeedsAValidId() throws Exception {
    CliRun run =
        CliRun.of(
            "calibrate",
            sweep().toString(),
            "--hardware",
            "nvidia-l4",
            "--save-as",
            "My L4",
            "--hardware-dir",
            dir.resolve("profiles").toString());
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).contains("--save-as: an id is lower case letters");
    assertThat(Files.exists(dir.resolve("profiles"))).isFalse();
  }
}
