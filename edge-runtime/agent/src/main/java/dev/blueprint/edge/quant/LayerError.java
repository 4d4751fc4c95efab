package dev.blueprint.edge.quant;

/**
 * How far one layer's int8 output, dequantized, lies from the float output on the same inputs.
 *
 * @param tensor the layer's output tensor
 * @param op the operator
 * @param scale the int8 output's scale (one step of the quantized values)
 * @param zeroPoint the int8 output's zero point
 * @param rmse root-mean-square error
 * @param maxAbsError the largest absolute error
 * @param sqnrDb signal-to-quantization-noise ratio in dB (higher is better; about 6 dB per bit)
 */
public record LayerError(
    String tensor,
    String op,
    float scale,
    int zeroPoint,
    double rmse,
    double maxAbsError,
    double sqnrDb) {}
