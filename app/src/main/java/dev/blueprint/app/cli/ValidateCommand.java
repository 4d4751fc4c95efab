package dev.blueprint.app.cli;

import dev.blueprint.app.report.OutputFormat;
import dev.blueprint.app.report.Printer;
import dev.blueprint.app.report.Report;
import dev.blueprint.app.report.Table;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.io.TextFiles;
import dev.blueprint.simulator.validate.Confidence;
import dev.blueprint.simulator.validate.ConfidenceTable;
import dev.blueprint.simulator.validate.Measurement;
import dev.blueprint.simulator.validate.MeasurementCsv;
import dev.blueprint.simulator.validate.Publishers;
import dev.blueprint.simulator.validate.ValidationResult;
import dev.blueprint.simulator.validate.ValidationSummary;
import dev.blueprint.simulator.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Compares the models' predictions with published measurements. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description =
        "Predict every row of a measurements CSV (the format of shared/reference/measurements.csv) and "
            + "print prediction, measurement and signed error, then the median and maximum absolute error.")
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin CatalogOptions catalogs;

  @Parameters(
      paramLabel = "FILE.csv",
      arity = "1..*",
      description = "Measurements to check against (several files are validated together).")
  List<Path> files;

  @Option(
      names = "--by-class",
      description =
          "Print the results per device class instead of per row (rows, median error, bias, "
              + "publishers); with --format csv this is the simulator's shipped confidence table "
              + "(docs/validation.md).")
  boolean byClass;

  @Option(
      names = "--format",
      defaultValue = "table",
      description =
          "table, csv (id,predicted,measured,error_pct) or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format;

  @Option(
      names = "--check",
      description =
          "Exit with status 1 unless every row is supported and the errors are "
              + "within --max-median and --max-error.")
  boolean check;

  @Option(
      names = "--max-median",
      defaultValue = "15",
      description = "Median absolute error allowed by --check, %% (default: ${DEFAULT-VALUE}).")
  double maxMedian;

  @Option(
      names = "--max-error",
      defaultValue = "50",
      description = "Largest absolute error allowed by --check, %% (default: ${DEFAULT-VALUE}).")
  double maxError;

  @Override
  public Integer call() {
    List<Measurement> rows = new ArrayList<>();
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("cannot read " + file + ": no such file");
      }
      rows.addAll(MeasurementCsv.parse(TextFiles.read(file).text(), file.toString()));
    }
    var err = spec.commandLine().getErr();
    Catalog<HardwareProfile> hardware = catalogs.hardware(err);
    ValidationSummary summary = new Validator(hardware, catalogs.models(err)).validate(rows);
    var out = spec.commandLine().getOut();
    ConfidenceTable classes =
        ConfidenceTable.of(
            summary.results(),
            id -> hardware.find(id).map(HardwareProfile::deviceClass),
            Publishers.shipped());
    String what = files.size() == 1 ? files.get(0).toString() : files.size() + " files";
    if (byClass) {
      if (format == OutputFormat.CSV) {
        out.print(classes.toCsv());
        out.flush();
      } else {
        new Printer(out, format)
            .print(
                Report.builder("Validation by device class: " + what)
                    .table(classTable(classes))
                    .note(
                        "error = (predicted - measured) / measured; bias is the median signed error"
                            + " (positive: the models promise more than the hardware delivered)")
                    .build());
      }
    } else if (format == OutputFormat.CSV) {
      Table.Builder csv =
          Table.builder("")
              .text("id", "id")
              .number("predicted", "predicted", 4)
              .number("measured", "measured", 4)
              .number("error_pct", "error_pct", 2);
      for (ValidationResult r : summary.results()) {
        csv.row(
            r.measurement().id(),
            r.predicted().map(p -> (Object) p).orElse("unsupported"),
            r.measurement().value(),
            r.errorPercent().map(e -> (Object) e).orElse(""));
      }
      new Printer(out, format).printCsv(csv.build());
      out.flush();
    } else {
      Table.Builder table =
          Table.builder("Predictions")
              .text("id", "id")
              .text("hardware", "hardware")
              .text("model", "model")
              .text("scenario", "scenario")
              .text("metric", "metric")
              .number("predicted", "predicted", 2)
              .number("measured", "measured", 2)
              .text("unit", "unit")
              .number("error_pct", "error %", 1)
              .text("detail", "how / why not");
      for (ValidationResult r : summary.results()) {
        Measurement m = r.measurement();
        table.row(
            m.id(),
            m.hardware() + (m.count() > 1 ? " x" + m.count() : ""),
            m.model(),
            m.scenario(),
            m.metric(),
            r.predicted().map(p -> (Object) p).orElse("unsupported"),
            m.value(),
            m.unit(),
            r.errorPercent().map(e -> (Object) e).orElse(Double.NaN),
            r.supported() ? r.detail() : r.unsupportedReason().orElseThrow());
      }
      Report report =
          Report.builder("Validation against " + what + ": " + rows.size() + " measurements")
              .figure("supported", "rows predicted", summary.supported(), "", 0)
              .figure(
                  "unsupported",
                  "rows unsupported (count as failures)",
                  summary.unsupported(),
                  "",
                  0)
              .figure(
                  "median_abs_error_pct",
                  "median absolute error",
                  summary.medianAbsoluteErrorPercent(),
                  "%",
                  1)
              .figure(
                  "bias_pct",
                  "median signed error (bias)",
                  summary.medianSignedErrorPercent(),
                  "%",
                  1)
              .figure(
                  "within_50_pct",
                  "rows within 50 % (unsupported count as outside)",
                  100 * summary.shareWithinPercent(50),
                  "%",
                  0)
              .figure(
                  "max_abs_error_pct",
                  "maximum absolute error",
                  summary.maxAbsoluteErrorPercent(),
                  "%",
                  1)
              .table(table.build())
              .table(classTable(classes))
              .note(
                  "error = (predicted - measured) / measured; how each scenario is predicted: docs/validation.md")
              .build();
      new Printer(out, format).print(report);
    }
    if (check && !summary.meets(maxMedian, maxError)) {
      err.println(
          String.format(
              Locale.ROOT,
              "blueprint: validation bar missed: %d unsupported, median %.1f%% (limit %.1f%%), max %.1f%% (limit %.1f%%)",
              summary.unsupported(),
              summary.medianAbsoluteErrorPercent(),
              maxMedian,
              summary.maxAbsoluteErrorPercent(),
              maxError));
      err.flush();
      return 1;
    }
    return 0;
  }

  private static Table classTable(ConfidenceTable classes) {
    Table.Builder table =
        Table.builder("By device class")
            .text("class", "device class")
            .number("rows", "rows", 0)
            .number("unanswered", "unanswered", 0)
            .number("median_error_pct", "median |error| %", 1)
            .number("bias_pct", "bias %", 1)
            .text("publishers", "publishers");
    for (Confidence c : classes.classes()) {
      table.row(
          c.deviceClass().id(),
          c.rows(),
          c.unanswered(),
          c.medianAbsErrorPercent(),
          c.biasPercent(),
          String.join(", ", c.publishers()));
    }
    return table.build();
  }
}
