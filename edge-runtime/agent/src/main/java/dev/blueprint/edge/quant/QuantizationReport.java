package dev.blueprint.edge.quant;

import java.util.List;
import java.util.Locale;

/**
 * What quantization did to a model: the calibration used, the error of every layer against the
 * float model, and how often the final predictions agree.
 */
public record QuantizationReport(
    String model,
    CalibrationMethod calibration,
    int calibrationSamples,
    int evaluationSamples,
    List<LayerError> layers,
    double top1Agreement,
    long floatWeightBytes,
    long int8WeightBytes) {
  public QuantizationReport {
    layers = List.copyOf(layers);
  }

  public String toText() {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "%s: int8 with %s calibration on %d samples, checked on %d%n",
            model,
            calibration.label(),
            calibrationSamples,
            evaluationSamples));
    out.append(
        String.format(
            Locale.ROOT,
            "%-28s %-18s %11s %5s %11s %11s %9s%n",
            "layer",
            "op",
            "scale",
            "zp",
            "rmse",
            "max |err|",
            "SQNR dB"));
    for (LayerError l : layers) {
      out.append(
          String.format(
              Locale.ROOT,
              "%-28s %-18s %11.5g %5d %11.4g %11.4g %9.1f%n",
              l.tensor(),
              l.op(),
              l.scale(),
              l.zeroPoint(),
              l.rmse(),
              l.maxAbsError(),
              l.sqnrDb()));
    }
    out.append(
        String.format(Locale.ROOT, "top-1 agreement with float: %.2f%%%n", 100 * top1Agreement));
    out.append(
        String.format(
            Locale.ROOT,
            "weights: %,d bytes float -> %,d bytes int8 (%.1fx smaller)%n",
            floatWeightBytes,
            int8WeightBytes,
            (double) floatWeightBytes / Math.max(1, int8WeightBytes)));
    return out.toString();
  }
}
