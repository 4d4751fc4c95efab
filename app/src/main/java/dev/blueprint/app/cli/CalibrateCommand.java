package dev.blueprint.app.cli;

import dev.blueprint.app.report.OutputFormat;
import dev.blueprint.app.report.Printer;
import dev.blueprint.app.report.Report;
import dev.blueprint.app.report.Table;
import dev.blueprint.simulator.calibrate.CalibratedProfile;
import dev.blueprint.simulator.calibrate.Calibration;
import dev.blueprint.simulator.calibrate.EfficiencyFit;
import dev.blueprint.simulator.calibrate.FittedParameter;
import dev.blueprint.simulator.calibrate.KernelKind;
import dev.blueprint.simulator.calibrate.KernelMeasurement;
import dev.blueprint.simulator.calibrate.KernelMeasurementCsv;
import dev.blueprint.simulator.calibrate.RowCheck;
import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.io.TextFiles;
import dev.blueprint.simulator.io.YamlMap;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Fits a hardware profile's efficiency parameters to kernels measured on the device. */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description =
        "Fit a profile's efficiency parameters (overheads, memory_max and latency, gather_max, the GEMM "
            + "curve per precision) to a kernel sweep measured on the device (tests/gpu/kernels.py writes one), and "
            + "show how well the model reproduces every kernel before and after. Prints the efficiency: block to "
            + "put in the profile with the sweep as its source; with --save-as, writes that profile to your folder.")
final class CalibrateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CatalogOptions catalogs;

  @Parameters(
      paramLabel = "SWEEP.csv",
      description =
          "Kernel measurements: kind,precision,m,n,k,stream_bytes,"
              + "gather_bytes,seconds,note; lines starting with # are comments.")
  Path file;

  @Option(
      names = "--hardware",
      required = true,
      paramLabel = "ID",
      description = "The profile of the measured device.")
  String hardwareId;

  @Option(
      names = "--save-as",
      paramLabel = "ID",
      description =
          "Also write the calibrated profile as ID.yaml in your hardware folder (the measured profile with "
              + "the fitted efficiency section and the sweep cited), so that --hardware ID uses it.")
  String saveAs;

  @Option(
      names = "--force",
      description = "With --save-as, replace a profile of that id in your folder.")
  boolean force;

  @Option(
      names = "--format",
      defaultValue = "table",
      description = "table, csv (one row per kernel) or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("cannot read " + file + ": no such file");
    }
    PrintWriter err = spec.commandLine().getErr();
    HardwareProfile hardware = catalogs.hardware(err).get(hardwareId);
    Path target = saveAs == null ? null : target();
    String sweep = TextFiles.read(file).text();
    List<KernelMeasurement> rows = KernelMeasurementCsv.parse(sweep, file.toString());
    Calibration calibration = EfficiencyFit.fit(hardware, rows);
    String derived =
        target == null
            ? null
            : CalibratedProfile.yaml(
                HardwareCatalog.sourceText(hardware).text(), calibration, saveAs, citation(sweep));
    PrintWriter out = spec.commandLine().getOut();
    Printer printer = new Printer(out, format);
    if (format == OutputFormat.CSV) {
      printer.printCsv(kernels(calibration, "").build());
      out.flush();
      save(target, derived, err);
      return 0;
    }
    Calibration.ErrorSummary all = calibration.summary();
    Report.Builder report =
        Report.builder(
                "Calibration of "
                    + hardware.id()
                    + " from "
                    + file
                    + ": "
                    + rows.size()
                    + " kernels")
            .figure(
                "median_abs_error_before_pct",
                "median |error|, profile as it is",
                percent(all.medianBefore()),
                "%",
                1)
            .figure(
                "max_abs_error_before_pct",
                "largest |error|, profile as it is",
                percent(all.maxBefore()),
                "%",
                1)
            .figure(
                "median_abs_error_after_pct",
                "median |error|, fitted parameters",
                percent(all.medianAfter()),
                "%",
                1)
            .figure(
                "max_abs_error_after_pct",
                "largest |error|, fitted parameters",
                percent(all.maxAfter()),
                "%",
                1)
            .table(parameters(calibration))
            .table(byKind(calibration))
            .table(kernels(calibration, "Kernels").build())
            .note(
                "kernels are timed back to back in a graph, launch rows as one host round trip each")
            .note(
                "error = (predicted - measured) / measured; how each parameter is read off the sweep: "
                    + "docs/calibration.md#calibrating-a-gpu-from-a-kernel-sweep");
    for (String warning : calibration.warnings()) {
      report.note("warning: " + warning);
    }
    printer.print(report.build());
    if (format == OutputFormat.TABLE) {
      out.println();
      out.println(
          "Efficiency block with the fitted values (add the sweep to the profile's sources):");
      out.print(yaml(calibration));
    }
    out.flush();
    save(target, derived, err);
    return 0;
  }

  /** Where --save-as writes, checked before anything is measured against it. */
  private Path target() {
    if (!YamlMap.ID.matcher(saveAs).matches()) {
      throw new IllegalArgumentException(
          "--save-as: an id is lower case letters, digits, '.' and '-', got '" + saveAs + "'");
    }
    Path path = catalogs.folders().hardware().resolve(saveAs + ".yaml");
    if (Files.exists(path) && !force) {
      throw new IllegalArgumentException(
          "--save-as: " + path + " exists; add --force to replace it");
    }
    return path;
  }

  /** Writes the whole file or nothing: a sibling temporary file, then a rename over the target. */
  private static void save(Path target, String yaml, PrintWriter err) {
    if (target == null) {
      return;
    }
    try {
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
      try {
        Files.writeString(tmp, yaml);
        Files.move(
            tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
    String id = target.getFileName().toString().replaceFirst("\\.yaml$", "");
    err.println("blueprint: wrote " + target + "; use it with --hardware " + id);
    err.flush();
  }

  /** The sweep's file, the device its comment lines name, and today's date. */
  private String citation(String sweep) {
    String device =
        sweep
            .lines()
            .map(String::strip)
            .filter(l -> l.startsWith("# device:"))
            .map(l -> ", " + l.substring("# device:".length()).strip())
            .findFirst()
            .orElse("");
    return file.getFileName()
        + device
        + "; efficiency fitted by blueprint calibrate on "
        + LocalDate.now();
  }

  private static Table parameters(Calibration calibration) {
    Table.Builder table =
        Table.builder("Parameters")
            .text("parameter", "parameter")
            .number("profile", "profile", 3)
            .number("fitted", "fitted", 3)
            .text("unit", "unit")
            .number("rows", "rows", 0);
    for (FittedParameter p : calibration.parameters()) {
      table.row(
          p.name(),
          p.before(),
          p.fitted() ? (Object) p.after() : "not measured",
          p.unit(),
          p.rows());
    }
    return table.build();
  }

  private static Table byKind(Calibration calibration) {
    Table.Builder table =
        Table.builder("Errors by kind of kernel")
            .text("kind", "kind")
            .number("rows", "rows", 0)
            .number("median_before_pct", "median % before", 1)
            .number("max_before_pct", "max % before", 1)
            .number("median_after_pct", "median % after", 1)
            .number("max_after_pct", "max % after", 1);
    for (Map.Entry<KernelKind, Calibration.ErrorSummary> e :
        calibration.summaryByKind().entrySet()) {
      Calibration.ErrorSummary s = e.getValue();
      table.row(
          e.getKey().id(),
          s.rows(),
          percent(s.medianBefore()),
          percent(s.maxBefore()),
          percent(s.medianAfter()),
          percent(s.maxAfter()));
    }
    return table.build();
  }

  private static Table.Builder kernels(Calibration calibration, String title) {
    Table.Builder table =
        Table.builder(title)
            .number("line", "line", 0)
            .text("kernel", "kernel")
            .number("measured_us", "measured us", 2)
            .number("before_us", "profile us", 2)
            .number("error_before_pct", "error %", 1)
            .number("after_us", "fitted us", 2)
            .number("error_after_pct", "error %", 1);
    for (RowCheck r : calibration.rows()) {
      KernelMeasurement m = r.measurement();
      table.row(
          m.line(),
          m.label(),
          1e6 * m.seconds(),
          1e6 * r.predictedBefore(),
          percent(r.errorBefore()),
          1e6 * r.predictedAfter(),
          percent(r.errorAfter()));
    }
    return table;
  }

  /**
   * A relative error in percent, rounded to 0.01 % (a fit's own rounding noise is not a figure).
   */
  private static double percent(double relative) {
    return Math.round(relative * 10000) / 100.0;
  }

  /** The profile's efficiency section with the fitted values, in the profile format's units. */
  static String yaml(Calibration calibration) {
    StringBuilder yaml = new StringBuilder("efficiency:\n");
    StringBuilder byPrecision = new StringBuilder();
    for (FittedParameter p : calibration.parameters()) {
      if (!p.fitted()) {
        continue;
      }
      String value =
          switch (p.unit()) {
            case "us" -> String.format(Locale.ROOT, "%.3gus", p.after());
            case "GFLOP" -> String.format(Locale.ROOT, "%.3gGFLOP", p.after());
            default -> String.format(Locale.ROOT, "%.3f", p.after());
          };
      if (p.name().startsWith("matrix_max_by_precision.")) {
        byPrecision
            .append(byPrecision.isEmpty() ? "" : ", ")
            .append(p.name().substring("matrix_max_by_precision.".length()))
            .append(": ")
            .append(value);
      } else {
        yaml.append("  ").append(p.name()).append(": ").append(value).append('\n');
      }
    }
    if (!byPrecision.isEmpty()) {
      yaml.append("  matrix_max_by_precision: {").append(byPrecision).append("}\n");
    }
    return yaml.toString();
  }
}
