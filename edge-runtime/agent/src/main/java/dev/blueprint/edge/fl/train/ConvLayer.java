package dev.blueprint.edge.fl.train;

import dev.blueprint.edge.kernels.Matmul;
import dev.blueprint.edge.model.Activation;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.runtime.Interpreter;
import java.util.Arrays;
import java.util.List;

/**
 * A 2-D convolution over NHWC samples with weights {@code [out][kh][kw][in]} as in the model file,
 * as a product over the im2col matrix: {@code z = col·Wᵀ + b}. The backward pass is the dense
 * layer's on that matrix, then col2im scatters {@code dcol} back onto the input (overlapping
 * windows add up; padding receives nothing).
 */
final class ConvLayer implements Layer {
  private final String name;
  private final Interpreter.Conv g;
  private final Activation activation;
  private final Param weight;
  private final Param bias;
  private int offset = -1;
  private float[] col = new float[0];
  private float[] dcol = new float[0];
  private float[] transposed = new float[0];
  private float[] dzT = new float[0];
  private float[] weightT = new float[0];

  ConvLayer(String name, Interpreter.Conv g, Activation activation, Param weight, Param bias) {
    this.name = name;
    this.g = g;
    this.activation = activation;
    this.weight = weight;
    this.bias = bias;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public TensorShape in() {
    return TensorShape.of(g.h(), g.w(), g.c());
  }

  @Override
  public TensorShape out() {
    return TensorShape.of(g.oh(), g.ow(), g.o());
  }

  @Override
  public List<Param> params() {
    return List.of(weight, bias);
  }

  @Override
  public long macsPerSample() {
    return (long) g.oh() * g.ow() * k() * g.o();
  }

  @Override
  public void bind(int offset) {
    this.offset = offset;
  }

  private int k() {
    return g.kh() * g.kw() * g.c();
  }

  @Override
  public void forward(float[] p, float[] x, float[] y, int batch) {
    int k = k();
    int o = g.o();
    int rows = batch * g.oh() * g.ow();
    if (col.length < rows * k) {
      col = new float[rows * k];
    }
    if (transposed.length < rows * o) {
      transposed = new float[rows * o];
    }
    im2colTransposed(x, batch, col);
    // zᵀ[o][rows] = W[o][k] · colᵀ[k][rows]: the long axis (every position of the batch) runs
    // along the vectors, whatever the channel count.
    Matmul.multiply(o, rows, k, p, offset, col, 0, transposed, 0, false);
    // One pass back to [rows][o], adding the bias and applying the activation on the way.
    int b0 = offset + o * k;
    for (int c = 0; c < o; c++) {
      float b = p[b0 + c];
      int from = c * rows;
      for (int r = 0; r < rows; r++) {
        y[r * o + c] = activation.apply(transposed[from + r] + b);
      }
    }
  }

  @Override
  public void backward(
      float[] p, float[] gr, float[] x, float[] y, float[] dy, float[] dx, int batch) {
    int k = k();
    int o = g.o();
    int rows = batch * g.oh() * g.ow();
    int n = rows * o;
    if (dzT.length < n) {
      dzT = new float[n];
    }
    // dzᵀ[o][rows] in one pass: the activation's derivative and the transpose together.
    Activations.backwardTransposed(activation, y, dy, rows, o, dzT);
    // dW[o][k] += dzᵀ[o][rows] · (colᵀ[k][rows])ᵀ: one long dot product per weight.
    Matmul.multiplyTransposed(o, k, rows, dzT, 0, col, 0, gr, offset, true);
    int b0 = offset + o * k;
    for (int c = 0; c < o; c++) {
      float sum = 0;
      int row = c * rows;
      for (int r = 0; r < rows; r++) {
        sum += dzT[row + r];
      }
      gr[b0 + c] += sum;
    }
    if (dx == null) {
      return;
    }
    if (dcol.length < rows * k) {
      dcol = new float[rows * k];
    }
    if (weightT.length < k * o) {
      weightT = new float[k * o];
    }
    // dcolᵀ[k][rows] = Wᵀ[k][o] · dzᵀ[o][rows]
    Matmul.transpose(p, offset, o, k, weightT);
    Matmul.multiply(k, rows, o, weightT, 0, dzT, 0, dcol, 0, false);
    Arrays.fill(dx, 0, batch * g.h() * g.w() * g.c(), 0f);
    col2imTransposed(dcol, batch, dx);
  }

  /**
   * The patches of the whole batch, transposed: {@code colᵀ[(ky·kw + kx)·c + ch][position]}, a
   * position being {@code (sample·oh + oy)·ow + ox}; zero where the window leaves the image.
   */
  private void im2colTransposed(float[] x, int batch, float[] out) {
    int c = g.c();
    int ow = g.ow();
    int sw = g.sw();
    int rows = batch * g.oh() * ow;
    int inSize = g.h() * g.w() * c;
    for (int ky = 0; ky < g.kh(); ky++) {
      for (int kx = 0; kx < g.kw(); kx++) {
        // the output columns whose window column kx falls inside the image
        int first = Math.max(0, ceilDiv(g.padLeft() - kx, sw));
        int last = Math.min(ow, ceilDiv(g.w() + g.padLeft() - kx, sw));
        for (int ch = 0; ch < c; ch++) {
          int row = ((ky * g.kw() + kx) * c + ch) * rows;
          int r = row;
          for (int s = 0; s < batch; s++) {
            int base = s * inSize + ch;
            for (int oy = 0; oy < g.oh(); oy++, r += ow) {
              int iy = oy * g.sh() - g.padTop() + ky;
              if (iy < 0 || iy >= g.h() || first >= last) {
                Arrays.fill(out, r, r + ow, 0f);
                continue;
              }
              if (first > 0) {
                Arrays.fill(out, r, r + first, 0f);
              }
              if (last < ow) {
                Arrays.fill(out, r + last, r + ow, 0f);
              }
              int src = base + (iy * g.w() + first * sw - g.padLeft() + kx) * c;
              if (c == 1 && sw == 1) {
                System.arraycopy(x, src, out, r + first, last - first);
              } else {
                int step = sw * c;
                for (int ox = first; ox < last; ox++, src += step) {
                  out[r + ox] = x[src];
                }
              }
            }
          }
        }
      }
    }
  }

  private static int ceilDiv(int a, int b) {
    return -Math.floorDiv(-a, b);
  }

  /** The adjoint of {@link #im2colTransposed}: every patch element adds back onto its pixel. */
  private void col2imTransposed(float[] cols, int batch, float[] dx) {
    int c = g.c();
    int ow = g.ow();
    int sw = g.sw();
    int rows = batch * g.oh() * ow;
    int inSize = g.h() * g.w() * c;
    int step = sw * c;
    for (int ky = 0; ky < g.kh(); ky++) {
      for (int kx = 0; kx < g.kw(); kx++) {
        // the output columns whose window column kx falls inside the image, as in im2col
        int first = Math.max(0, ceilDiv(g.padLeft() - kx, sw));
        int last = Math.min(ow, ceilDiv(g.w() + g.padLeft() - kx, sw));
        if (first >= last) {
          continue;
        }
        for (int ch = 0; ch < c; ch++) {
          int r = ((ky * g.kw() + kx) * c + ch) * rows;
          for (int s = 0; s < batch; s++) {
            int base = s * inSize + ch;
            for (int oy = 0; oy < g.oh(); oy++, r += ow) {
              int iy = oy * g.sh() - g.padTop() + ky;
              if (iy < 0 || iy >= g.h()) {
                continue;
              }
              int dst = base + (iy * g.w() + first * sw - g.padLeft() + kx) * c;
              for (int ox = first; ox < last; ox++, dst += step) {
                dx[dst] += cols[r + ox];
              }
            }
          }
        }
      }
    }
  }
}
