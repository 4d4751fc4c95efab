package dev.blueprint.edge.publisher;

import dev.blueprint.edge.cli.ModelOptions;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.quant.CalibrationMethod;
import dev.blueprint.edge.quant.Quantizer;
import dev.blueprint.edge.shipped.HeldOut;
import dev.blueprint.edge.shipped.ShippedModel;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "quantize",
    description =
        "Post-training int8 quantization of a float model, with a per-layer error report against float.")
final class QuantizeCommand implements Callable<Integer> {
  @Mixin ModelOptions models;

  @Option(
      names = "--model",
      required = true,
      description = "The shipped model whose data calibrates (see 'models').")
  String model;

  @Option(
      names = "--float",
      paramLabel = "FILE.bpm",
      description = "The float graph to quantize (default: the model's own).")
  Path floatFile;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "FILE.bpm",
      description = "Where to write the int8 graph.")
  Path out;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description =
          "The data set's folder: calibrate on its training split (recommended). Without it the "
              + "shipped held-out subset calibrates, and the report says so.")
  Path data;

  @Option(
      names = "--calibration",
      defaultValue = "minmax",
      description = "minmax, percentile (99.99) or percentile:P.")
  String calibration;

  @Option(names = "--samples", defaultValue = "1000", description = "Calibration samples.")
  int samples;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    CalibrationMethod method = CalibrationMethod.parse(calibration);
    if (samples < 1) {
      throw new IllegalArgumentException("--samples must be at least 1");
    }
    ShippedModel shipped = models.named(model);
    Graph floatGraph = floatFile == null ? shipped.floatGraph() : ModelFile.read(floatFile);
    if (floatGraph.isQuantized()) {
      throw new IllegalArgumentException(
          (floatFile == null ? shipped.name() : floatFile) + " is already quantized");
    }
    LabeledData heldOut = HeldOut.load(shipped, Optional.empty());
    LabeledData calibrationData;
    LabeledData check;
    var o = spec.commandLine().getOut();
    if (data != null) {
      calibrationData = HeldOut.training(shipped, data);
      check = heldOut;
    } else {
      // Without the training data, half the shipped subset calibrates and the other half checks.
      int half = heldOut.size() / 2;
      calibrationData = heldOut.slice(0, half);
      check = heldOut.slice(half, heldOut.size());
      o.println(
          "note: calibrating on half of the shipped held-out subset; give --data for the training split");
    }
    LabeledData calib = calibrationData.slice(0, Math.min(samples, calibrationData.size()));
    Quantizer.Result r =
        Quantizer.quantize(floatGraph, calib.batches(100), check.batches(100), method);
    ModelFile.write(r.graph(), out);
    o.print(r.report().toText());
    o.println("wrote " + out);
    return 0;
  }
}
