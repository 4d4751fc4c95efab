// Int8 kernels of the opencl-int8 back end. Every integer step is the one the Java kernels
// take (dev.blueprint.edge.kernels.FixedPoint, Int8Ops, Interpreter), so the outputs are equal
// bit for bit. OpenCL C defines >> of a negative int as arithmetic and long division as
// truncating toward zero, as Java does.

int srdhm(int a, int b) {
  if (a == INT_MIN && b == INT_MIN) {
    return INT_MAX;
  }
  long ab = (long) a * (long) b;
  long nudge = ab >= 0 ? (1L << 30) : (1L - (1L << 30));
  return (int) ((ab + nudge) / (1L << 31));
}

int rdbpot(int x, int exponent) {
  int mask = (1 << exponent) - 1;
  int remainder = x & mask;
  int threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

int mbqm(int x, int multiplier, int shift) {
  int left = shift > 0 ? shift : 0;
  int right = shift > 0 ? 0 : -shift;
  // Java's int multiply wraps; shifting as unsigned does the same without signed overflow.
  return rdbpot(srdhm((int) ((uint) x << left), multiplier), right);
}

char clamp_q(int v, int lo, int hi) {
  return (char) (v < lo ? lo : (v > hi ? hi : v));
}

// Convolution and dense (a 1x1 convolution of a 1x1 image). One work-item per output value;
// pixels outside the image read the input's zero point, as the Java im2col pads them.
__kernel void conv_int8(__global const char* x, __global const char* w, __global const int* init,
                        __global const int* mult, __global const int* shift, __global char* y,
                        int h, int wd, int c, int o, int kh, int kw, int sh, int sw, int pad_top,
                        int pad_left, int oh, int ow, int zp_x, int zp_y, int lo, int hi) {
  int gid = get_global_id(0);
  int oc = gid % o;
  int rest = gid / o;
  int ox = rest % ow;
  rest /= ow;
  int oy = rest % oh;
  int n = rest / oh;
  int acc = init[oc];
  int k = kh * kw * c;
  __global const char* wr = w + oc * k;
  for (int ky = 0; ky < kh; ky++) {
    int iy = oy * sh - pad_top + ky;
    for (int kx = 0; kx < kw; kx++) {
      int ix = ox * sw - pad_left + kx;
      __global const char* wk = wr + (ky * kw + kx) * c;
      if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
        for (int ic = 0; ic < c; ic++) {
          acc += zp_x * wk[ic];
        }
      } else {
        __global const char* xp = x + ((n * h + iy) * wd + ix) * c;
        for (int ic = 0; ic < c; ic++) {
          acc += xp[ic] * wk[ic];
        }
      }
    }
  }
  y[gid] = clamp_q(mbqm(acc, mult[oc], shift[oc]) + zp_y, lo, hi);
}

__kernel void depthwise_int8(__global const char* x, __global const char* w, __global const int* bias,
                             __global const int* mult, __global const int* shift, __global char* y,
                             int h, int wd, int c, int m, int kh, int kw, int sh, int sw, int pad_top,
                             int pad_left, int oh, int ow, int zp_x, int zp_y, int lo, int hi, int has_bias) {
  int gid = get_global_id(0);
  int co = c * m;
  int ch = gid % co;
  int rest = gid / co;
  int ox = rest % ow;
  rest /= ow;
  int oy = rest % oh;
  int n = rest / oh;
  int acc = has_bias ? bias[ch] : 0;
  for (int ky = 0; ky < kh; ky++) {
    int iy = oy * sh - pad_top + ky;
    if (iy < 0 || iy >= h) {
      continue;
    }
    for (int kx = 0; kx < kw; kx++) {
      int ix = ox * sw - pad_left + kx;
      if (ix < 0 || ix >= wd) {
        continue;
      }
      acc += (x[((n * h + iy) * wd + ix) * c + ch / m] - zp_x) * w[(ky * kw + kx) * co + ch];
    }
  }
  y[gid] = clamp_q(mbqm(acc, mult[ch], shift[ch]) + zp_y, lo, hi);
}

__kernel void pool_int8(__global const char* x, __global char* y, int h, int wd, int c, int kh, int kw,
                        int sh, int sw, int pad_top, int pad_left, int oh, int ow, int is_max) {
  int gid = get_global_id(0);
  int ch = gid % c;
  int rest = gid / c;
  int ox = rest % ow;
  rest /= ow;
  int oy = rest % oh;
  int n = rest / oh;
  int y0 = max(oy * sh - pad_top, 0);
  int y1 = min(oy * sh - pad_top + kh, h);
  int x0 = max(ox * sw - pad_left, 0);
  int x1 = min(ox * sw - pad_left + kw, wd);
  int count = (y1 - y0) * (x1 - x0);
  int v = is_max ? -128 : 0;
  for (int iy = y0; iy < y1; iy++) {
    for (int ix = x0; ix < x1; ix++) {
      int q = x[((n * h + iy) * wd + ix) * c + ch];
      v = is_max ? max(v, q) : v + q;
    }
  }
  if (!is_max) {
    v = (v + (v > 0 ? count / 2 : -count / 2)) / count;
  }
  y[gid] = (char) v;
}

// TFLite's add: both inputs to a common scale with 20 bits of headroom, sum, rescale.
__kernel void add_int8(__global const char* a, __global const char* b, __global char* y, int b_size,
                       int zp_a, int zp_b, int zp_y, int ma, int sa, int mb, int sb, int my, int sy,
                       int lo, int hi) {
  int i = get_global_id(0);
  int other = b[i % b_size];
  int va = mbqm((int) ((uint) (a[i] - zp_a) << 20), ma, sa);
  int vb = mbqm((int) ((uint) (other - zp_b) << 20), mb, sb);
  y[i] = clamp_q(mbqm(va + vb, my, sy) + zp_y, lo, hi);
}

__kernel void mul_int8(__global const char* a, __global const char* b, __global char* y, int b_size,
                       int zp_a, int zp_b, int zp_y, int m, int s, int lo, int hi) {
  int i = get_global_id(0);
  int other = b[i % b_size];
  y[i] = clamp_q(mbqm((a[i] - zp_a) * (other - zp_b), m, s) + zp_y, lo, hi);
}

__kernel void clamp_int8(__global const char* x, __global char* y, int lo, int hi) {
  int i = get_global_id(0);
  y[i] = clamp_q(x[i], lo, hi);
}
