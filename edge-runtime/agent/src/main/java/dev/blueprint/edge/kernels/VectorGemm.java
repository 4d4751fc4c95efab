package dev.blueprint.edge.kernels;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Products on the Vector API, in two forms. The dot form puts the depth K in the lanes and suits
 * long K; the outer form puts the output channels in the lanes, broadcasting one input value at a
 * time against a row of transposed weights, and suits short K (a 3×3 convolution of one channel has
 * K = 9). Rows are taken several at a time so each weight vector, loaded once, feeds several
 * accumulators; a last partial block repeats its final row instead of running a separate tail loop,
 * because a rarely-run loop stays in the C1 compiler, where the Vector API is not intrinsified and
 * runs a hundred times slower. Int8 sums are exact. Loaded only when the incubator module is
 * present (see {@link Gemm}).
 */
final class VectorGemm implements Gemm.Impl {
  private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;

  /** Bytes that widen to one preferred short vector: 32 on AVX-512, 16 on AVX2. */
  private static final VectorSpecies<Byte> HALF =
      ByteVector.SPECIES_PREFERRED.withShape(VectorShape.forBitSize(S.vectorBitSize() / 2));

  @Override
  public String name() {
    return "vector-api (" + F.vectorBitSize() + "-bit)";
  }

  /** Depth of one float chunk: 256 × 16,256 < 2²², the magic-number trick's exact range. */
  static final int CHUNK = 256;

  /** 1.5·2²³: added to a float integer below 2²² in size, leaves it in the low significand bits. */
  private static final float MAGIC = 12_582_912f;

  private static final int MAGIC_BITS = Float.floatToRawIntBits(MAGIC);

  @Override
  public int lanes() {
    return F.length();
  }

  @Override
  public boolean outerForm(boolean int8, int n, int k) {
    // Measured on AVX-512 (docs/edge.md): the outer form wins at every edge-layer shape but
    // long int8 dense layers, where the 16-bit dot form reads a quarter of the weight bytes.
    return n % F.length() == 0 && F.length() == I.length() && (!int8 || k <= CHUNK);
  }

  @Override
  public void floatGemm(
      int m, int n, int k, float[] a, int aOff, float[] w, float[] init, float[] c, int cOff) {
    int step = F.length();
    int kv = k - k % step;
    for (int i = 0; i < m; i += 4) {
      int a0 = aOff + i * k;
      int a1 = aOff + Math.min(i + 1, m - 1) * k;
      int a2 = aOff + Math.min(i + 2, m - 1) * k;
      int a3 = aOff + Math.min(i + 3, m - 1) * k;
      for (int j = 0; j < n; j++) {
        int wr = j * k;
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        int p = 0;
        for (; p < kv; p += step) {
          FloatVector wv = FloatVector.fromArray(F, w, wr + p);
          s0 = FloatVector.fromArray(F, a, a0 + p).fma(wv, s0);
          s1 = FloatVector.fromArray(F, a, a1 + p).fma(wv, s1);
          s2 = FloatVector.fromArray(F, a, a2 + p).fma(wv, s2);
          s3 = FloatVector.fromArray(F, a, a3 + p).fma(wv, s3);
        }
        float r0 = s0.reduceLanes(VectorOperators.ADD);
        float r1 = s1.reduceLanes(VectorOperators.ADD);
        float r2 = s2.reduceLanes(VectorOperators.ADD);
        float r3 = s3.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          float wp = w[wr + p];
          r0 += a[a0 + p] * wp;
          r1 += a[a1 + p] * wp;
          r2 += a[a2 + p] * wp;
          r3 += a[a3 + p] * wp;
        }
        float b = init == null ? 0 : init[j];
        int cr = cOff + i * n + j;
        c[cr] = b + r0;
        if (i + 1 < m) {
          c[cr + n] = b + r1;
        }
        if (i + 2 < m) {
          c[cr + 2 * n] = b + r2;
        }
        if (i + 3 < m) {
          c[cr + 3 * n] = b + r3;
        }
      }
    }
  }

  /**
   * Int8 products in 16-bit lanes: weights lie in [-127, 127] (the quantizer never writes -128), so
   * two products of int8 values sum without overflowing a short, and the pair is widened to int32
   * once. This halves the widening work against multiplying in int32 lanes.
   */
  @Override
  public void int8Gemm(int m, int n, int k, byte[] a, int aOff, byte[] w, int[] init, int[] c) {
    int lanes = S.length();
    int step = 2 * lanes;
    int kv = k - k % step;
    for (int i = 0; i < m; i += 2) {
      int a0 = aOff + i * k;
      int a1 = aOff + Math.min(i + 1, m - 1) * k;
      for (int j = 0; j < n; j++) {
        int wr = j * k;
        IntVector s0 = IntVector.zero(I);
        IntVector s1 = IntVector.zero(I);
        int p = 0;
        for (; p < kv; p += step) {
          ShortVector w0 = shorts(w, wr + p);
          ShortVector w1 = shorts(w, wr + p + lanes);
          s0 = accumulate(s0, shorts(a, a0 + p).mul(w0).add(shorts(a, a0 + p + lanes).mul(w1)));
          s1 = accumulate(s1, shorts(a, a1 + p).mul(w0).add(shorts(a, a1 + p + lanes).mul(w1)));
        }
        int r0 = s0.reduceLanes(VectorOperators.ADD);
        int r1 = s1.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
          int wp = w[wr + p];
          r0 += a[a0 + p] * wp;
          r1 += a[a1 + p] * wp;
        }
        int cr = i * n + j;
        c[cr] = init[j] + r0;
        if (i + 1 < m) {
          c[cr + n] = init[j] + r1;
        }
      }
    }
  }

  @Override
  public void floatGemmOuter(
      int m, int n, int k, float[] a, int aOff, float[] wt, float[] init, float[] c, int cOff) {
    int lanes = F.length();
    for (int i = 0; i < m; i += 4) {
      int a0 = aOff + i * k;
      int a1 = aOff + Math.min(i + 1, m - 1) * k;
      int a2 = aOff + Math.min(i + 2, m - 1) * k;
      int a3 = aOff + Math.min(i + 3, m - 1) * k;
      for (int j = 0; j < n; j += lanes) {
        FloatVector s0 = init == null ? FloatVector.zero(F) : FloatVector.fromArray(F, init, j);
        FloatVector s1 = s0;
        FloatVector s2 = s0;
        FloatVector s3 = s0;
        for (int p = 0; p < k; p++) {
          FloatVector wv = FloatVector.fromArray(F, wt, p * n + j);
          s0 = wv.fma(FloatVector.broadcast(F, a[a0 + p]), s0);
          s1 = wv.fma(FloatVector.broadcast(F, a[a1 + p]), s1);
          s2 = wv.fma(FloatVector.broadcast(F, a[a2 + p]), s2);
          s3 = wv.fma(FloatVector.broadcast(F, a[a3 + p]), s3);
        }
        int cr = cOff + i * n + j;
        s0.intoArray(c, cr);
        if (i + 1 < m) {
          s1.intoArray(c, cr + n);
        }
        if (i + 2 < m) {
          s2.intoArray(c, cr + 2 * n);
        }
        if (i + 3 < m) {
          s3.intoArray(c, cr + 3 * n);
        }
      }
    }
  }

  /**
   * Int8 outer form on the float units. Every product of an int8 activation and a weight in [-127,
   * 127] is at most 16,256 in size, so float sums of up to {@value #CHUNK} of them stay below 2²²,
   * exact integers; they leave the float accumulators by the magic-number trick (summing onto
   * 1.5·2²³ puts an integer of that size in the significand's low bits), which needs no conversion
   * instruction. Longer K takes the 16-bit dot form. The results equal the integer kernels' bit for
   * bit, and the FMA units — wider here than any int8 arithmetic the Vector API reaches — do the
   * work. Weights come pre-converted to float, {@code wt[K][N]}, and so do the activations (im2col
   * converts them as it gathers them): converting at each broadcast would cost three times the
   * multiply-add.
   */
  @Override
  public void int8GemmOuter(
      int m, int n, int k, float[] a, int aOff, float[] wt, int[] init, int[] c) {
    if (k > CHUNK) {
      throw new IllegalArgumentException(
          "the float-exact int8 form takes K <= " + CHUNK + ", got " + k);
    }
    int lanes = F.length();
    FloatVector magic = FloatVector.broadcast(F, MAGIC);
    // One flat loop over K (no loop around it carrying vectors: C2 would box them).
    for (int i = 0; i < m; i += 4) {
      int a0 = aOff + i * k;
      int a1 = aOff + Math.min(i + 1, m - 1) * k;
      int a2 = aOff + Math.min(i + 2, m - 1) * k;
      int a3 = aOff + Math.min(i + 3, m - 1) * k;
      for (int j = 0; j < n; j += lanes) {
        FloatVector s0 = magic;
        FloatVector s1 = magic;
        FloatVector s2 = magic;
        FloatVector s3 = magic;
        for (int p = 0; p < k; p++) {
          FloatVector wv = FloatVector.fromArray(F, wt, p * n + j);
          s0 = wv.fma(FloatVector.broadcast(F, a[a0 + p]), s0);
          s1 = wv.fma(FloatVector.broadcast(F, a[a1 + p]), s1);
          s2 = wv.fma(FloatVector.broadcast(F, a[a2 + p]), s2);
          s3 = wv.fma(FloatVector.broadcast(F, a[a3 + p]), s3);
        }
        IntVector b = IntVector.fromArray(I, init, j).sub(MAGIC_BITS);
        int cr = i * n + j;
        b.add(s0.reinterpretAsInts()).intoArray(c, cr);
        if (i + 1 < m) {
          b.add(s1.reinterpretAsInts()).intoArray(c, cr + n);
        }
        if (i + 2 < m) {
          b.add(s2.reinterpretAsInts()).intoArray(c, cr + 2 * n);
        }
        if (i + 3 < m) {
          b.add(s3.reinterpretAsInts()).intoArray(c, cr + 3 * n);
        }
      }
    }
  }

  /**
   * Direct convolution, outer form, four output pixels of a row at a time (the last block of a row
   * repeats its final pixel). For int8 the sums start at the magic number and leave through the
   * same exact conversion as {@link #int8GemmOuter}; K ≤ 256 keeps them exact. Two separate
   * methods, not one with a flag: C2 gives up on the Vector API intrinsics in a method that big.
   */
  @Override
  public void convOuter(
      boolean int8,
      float[] xp,
      int hp,
      int wp,
      int c,
      int kh,
      int kw,
      int sh,
      int sw,
      int oh,
      int ow,
      int n,
      float[] wt,
      float[] initFloat,
      int[] initInt,
      float[] yFloat,
      int[] yInt,
      int yOff) {
    if (int8) {
      convInt8(xp, wp, c, kh, kw, sh, sw, oh, ow, n, wt, initInt, yInt, yOff);
    } else {
      convFloat(xp, wp, c, kh, kw, sh, sw, oh, ow, n, wt, initFloat, yFloat, yOff);
    }
  }

  /** Offset in the padded image of each tap (ky, kx, c), in weight order. */
  private static int[] tapOffsets(int kh, int taps, int rowStep) {
    int[] offsets = new int[kh * taps];
    for (int ky = 0; ky < kh; ky++) {
      for (int t = 0; t < taps; t++) {
        offsets[ky * taps + t] = ky * rowStep + t;
      }
    }
    return offsets;
  }

  private static void convFloat(
      float[] xp,
      int wp,
      int c,
      int kh,
      int kw,
      int sh,
      int sw,
      int oh,
      int ow,
      int n,
      float[] wt,
      float[] init,
      float[] y,
      int yOff) {
    int lanes = F.length();
    int rowStep = wp * c;
    int[] offsets = tapOffsets(kh, kw * c, rowStep);
    int k = offsets.length;
    for (int oy = 0; oy < oh; oy++) {
      int rowBase = oy * sh * rowStep;
      for (int ox = 0; ox < ow; ox += 4) {
        int x0 = rowBase + ox * sw * c;
        int x1 = rowBase + Math.min(ox + 1, ow - 1) * sw * c;
        int x2 = rowBase + Math.min(ox + 2, ow - 1) * sw * c;
        int x3 = rowBase + Math.min(ox + 3, ow - 1) * sw * c;
        for (int j = 0; j < n; j += lanes) {
          FloatVector s0 = init == null ? FloatVector.zero(F) : FloatVector.fromArray(F, init, j);
          FloatVector s1 = s0;
          FloatVector s2 = s0;
          FloatVector s3 = s0;
          // One flat loop over the taps: vectors carried through nested loops get boxed by C2.
          for (int p = 0; p < k; p++) {
            FloatVector wv = FloatVector.fromArray(F, wt, p * n + j);
            int xo = offsets[p];
            s0 = wv.fma(FloatVector.broadcast(F, xp[x0 + xo]), s0);
            s1 = wv.fma(FloatVector.broadcast(F, xp[x1 + xo]), s1);
            s2 = wv.fma(FloatVector.broadcast(F, xp[x2 + xo]), s2);
            s3 = wv.fma(FloatVector.broadcast(F, xp[x3 + xo]), s3);
          }
          int out = yOff + (oy * ow + ox) * n + j;
          s0.intoArray(y, out);
          if (ox + 1 < ow) {
            s1.intoArray(y, out + n);
          }
          if (ox + 2 < ow) {
            s2.intoArray(y, out + 2 * n);
          }
          if (ox + 3 < ow) {
            s3.intoArray(y, out + 3 * n);
          }
        }
      }
    }
  }

  private static void convInt8(
      float[] xp,
      int wp,
      int c,
      int kh,
      int kw,
      int sh,
      int sw,
      int oh,
      int ow,
      int n,
      float[] wt,
      int[] init,
      int[] y,
      int yOff) {
    int lanes = F.length();
    int rowStep = wp * c;
    int[] offsets = tapOffsets(kh, kw * c, rowStep);
    int k = offsets.length;
    FloatVector magic = FloatVector.broadcast(F, MAGIC);
    for (int oy = 0; oy < oh; oy++) {
      int rowBase = oy * sh * rowStep;
      for (int ox = 0; ox < ow; ox += 4) {
        int x0 = rowBase + ox * sw * c;
        int x1 = rowBase + Math.min(ox + 1, ow - 1) * sw * c;
        int x2 = rowBase + Math.min(ox + 2, ow - 1) * sw * c;
        int x3 = rowBase + Math.min(ox + 3, ow - 1) * sw * c;
        for (int j = 0; j < n; j += lanes) {
          FloatVector s0 = magic;
          FloatVector s1 = magic;
          FloatVector s2 = magic;
          FloatVector s3 = magic;
          // One flat loop over the taps: vectors carried through nested loops get boxed by C2.
          for (int p = 0; p < k; p++) {
            FloatVector wv = FloatVector.fromArray(F, wt, p * n + j);
            int xo = offsets[p];
            s0 = wv.fma(FloatVector.broadcast(F, xp[x0 + xo]), s0);
            s1 = wv.fma(FloatVector.broadcast(F, xp[x1 + xo]), s1);
            s2 = wv.fma(FloatVector.broadcast(F, xp[x2 + xo]), s2);
            s3 = wv.fma(FloatVector.broadcast(F, xp[x3 + xo]), s3);
          }
          IntVector b = IntVector.fromArray(I, init, j).sub(MAGIC_BITS);
          int out = yOff + (oy * ow + ox) * n + j;
          b.add(s0.reinterpretAsInts()).intoArray(y, out);
          if (ox + 1 < ow) {
            b.add(s1.reinterpretAsInts()).intoArray(y, out + n);
          }
          if (ox + 2 < ow) {
            b.add(s2.reinterpretAsInts()).intoArray(y, out + 2 * n);
          }
          if (ox + 3 < ow) {
            b.add(s3.reinterpretAsInts()).intoArray(y, out + 3 * n);
          }
        }
      }
    }
  }

  private static final VectorSpecies<Integer> I8 = IntVector.SPECIES_256;
  private static final VectorSpecies<Long> L8 = LongVector.SPECIES_512;
  private static final VectorSpecies<Byte> B8 = ByteVector.SPECIES_64;
  private static final VectorSpecies<Float> F8 = FloatVector.SPECIES_256;

  /**
   * Requantization eight lanes at a time in 64-bit arithmetic, step for step as {@link
   * FixedPoint#multiply}: the doubling high multiply with its nudge, truncation toward zero, then
   * the rounding right shift. Only part-0 conversions are used; the others are not intrinsified in
   * JDK 17. Falls back to the scalar loop when the vectors are narrower than 512 bits.
   */
  @Override
  public void requantize(int[] acc, int rows, Requantization q, byte[] y, int yOff) {
    int channels = q.channels();
    if (L8.length() != 8 || channels % 8 != 0) {
      Int8Ops.requantize(
          acc, rows, channels, q.multiplier, q.shift, q.zeroPoint, q.min, q.max, y, yOff);
      return;
    }
    LongVector nudgeUp = LongVector.broadcast(L8, 1L << 30);
    LongVector nudgeDown = LongVector.broadcast(L8, 1 - (1L << 30));
    LongVector truncFix = LongVector.broadcast(L8, (1L << 31) - 1);
    IntVector zp = IntVector.broadcast(I8, q.zeroPoint);
    IntVector lo = IntVector.broadcast(I8, q.min);
    IntVector hi = IntVector.broadcast(I8, q.max);
    IntVector one = IntVector.broadcast(I8, 1);
    for (int ch = 0; ch < channels; ch += 8) {
      IntVector leftFactor = IntVector.fromArray(I8, q.leftFactor, ch);
      LongVector rightFactor = LongVector.fromArray(L8, q.rightFactor, ch);
      LongVector m =
          (LongVector)
              IntVector.fromArray(I8, q.multiplier, ch).convertShape(VectorOperators.I2L, L8, 0);
      IntVector mask = IntVector.fromArray(I8, q.remainderMask, ch);
      IntVector threshold = mask.lanewise(VectorOperators.ASHR, 1);
      for (int r = 0; r < rows; r++) {
        int base = r * channels + ch;
        IntVector x = IntVector.fromArray(I8, acc, base).mul(leftFactor);
        LongVector ab = ((LongVector) x.convertShape(VectorOperators.I2L, L8, 0)).mul(m);
        LongVector nudged = ab.add(nudgeDown.blend(nudgeUp, ab.compare(VectorOperators.GE, 0)));
        // Division by 2^31 truncating toward zero: add 2^31 - 1 to negatives, then shift.
        LongVector high =
            nudged
                .add(truncFix.and(nudged.lanewise(VectorOperators.ASHR, 63)))
                .lanewise(VectorOperators.ASHR, 31);
        IntVector highInt = (IntVector) high.convertShape(VectorOperators.L2I, I8, 0);
        IntVector shifted =
            (IntVector)
                high.mul(rightFactor)
                    .lanewise(VectorOperators.ASHR, 32)
                    .convertShape(VectorOperators.L2I, I8, 0);
        IntVector remainder = highInt.and(mask);
        IntVector limit = threshold.add(one.and(highInt.lanewise(VectorOperators.ASHR, 31)));
        IntVector rounded =
            shifted.add(one.and(limit.sub(remainder).lanewise(VectorOperators.ASHR, 31)));
        IntVector v = rounded.add(zp).max(lo).min(hi);
        v.convertShape(VectorOperators.I2B, B8, 0).reinterpretAsBytes().intoArray(y, yOff + base);
      }
    }
  }

  /**
   * {@link FixedPoint#quantize} a lane at a time: the same float division, then rounding half away
   * from zero as truncation plus one where the exact fractional part reaches one half (magnitudes
   * are capped first; anything past 1,024 clamps to the same int8 either way).
   */
  @Override
  public void quantize(float[] x, int n, float scale, int zeroPoint, byte[] y) {
    if (L8.length() != 8) {
      ScalarGemm.quantizeLoop(x, 0, n, scale, zeroPoint, y);
      return;
    }
    FloatVector divisor = FloatVector.broadcast(F8, scale);
    FloatVector cap = FloatVector.broadcast(F8, 1024f);
    FloatVector magic = FloatVector.broadcast(F8, MAGIC);
    FloatVector half = FloatVector.broadcast(F8, 0.5f);
    FloatVector zero = FloatVector.zero(F8);
    FloatVector one = FloatVector.broadcast(F8, 1f);
    FloatVector zp = FloatVector.broadcast(F8, zeroPoint);
    FloatVector lo = FloatVector.broadcast(F8, -128f);
    FloatVector hi = FloatVector.broadcast(F8, 127f);
    IntVector magicBits = IntVector.broadcast(I8, MAGIC_BITS);
    int i = 0;
    // JDK 17 compiles neither float-to-int conversion nor masked arithmetic nor a 16-lane
    // narrowing to vector instructions (each becomes a library call a hundred times slower;
    // measured with JFR), so the rounding stays in float lanes: the magic number rounds to
    // nearest even, an exact tie of one half is moved up (half away from zero), and the final
    // small integer leaves the float through its bits, eight lanes at a time.
    for (; i + 8 <= n; i += 8) {
      FloatVector v = FloatVector.fromArray(F8, x, i).div(divisor);
      FloatVector magnitude = v.abs().min(cap);
      FloatVector nearest = magnitude.add(magic).sub(magic);
      FloatVector rounded =
          nearest.add(zero.blend(one, magnitude.sub(nearest).compare(VectorOperators.EQ, half)));
      FloatVector signed = rounded.neg().blend(rounded, v.compare(VectorOperators.GE, zero));
      FloatVector q = signed.add(zp).max(lo).min(hi);
      q.add(magic)
          .reinterpretAsInts()
          .sub(magicBits)
          .convertShape(VectorOperators.I2B, B8, 0)
          .reinterpretAsBytes()
          .intoArray(y, i);
    }
    ScalarGemm.quantizeLoop(x, i, n, scale, zeroPoint, y);
  }

  private static ShortVector shorts(byte[] values, int offset) {
    return (ShortVector)
        ByteVector.fromArray(HALF, values, offset).convertShape(VectorOperators.B2S, S, 0);
  }

  /**
   * Adds each int lane's two shorts into {@code sum}: reinterpreting the shorts as ints is free,
   * and two arithmetic shifts sign-extend the low and high halves (what x86's pmaddwd does in one
   * instruction, which the Vector API does not expose).
   */
  private static IntVector accumulate(IntVector sum, ShortVector pairs) {
    IntVector both = pairs.reinterpretAsInts();
    IntVector high = both.lanewise(VectorOperators.ASHR, 16);
    IntVector low = both.lanewise(VectorOperators.LSHL, 16).lanewise(VectorOperators.ASHR, 16);
    return sum.add(high).add(low);
  }

  /**
   * The JDK's vector exponential (SVML on x86): about fifty times faster than Math.exp a lane at a
   * time.
   */
  @Override
  public void exp(float[] y, int from, int to) {
    int step = F.length();
    int i = from;
    for (; i + step <= to; i += step) {
      FloatVector.fromArray(F, y, i).lanewise(VectorOperators.EXP).intoArray(y, i);
    }
    if (i < to) {
      // The last few values (all of a single sample's 6 or 10 classes) go through one more
      // vector in a scratch copy: still an order of magnitude faster than Math.exp each.
      float[] rest = new float[step];
      System.arraycopy(y, i, rest, 0, to - i);
      FloatVector.fromArray(F, rest, 0).lanewise(VectorOperators.EXP).intoArray(rest, 0);
      System.arraycopy(rest, 0, y, i, to - i);
    }
  }

  @Override
  public void clamp(float[] y, int from, int to, float cap) {
    int step = F.length();
    int i = from;
    FloatVector zero = FloatVector.zero(F);
    FloatVector top = FloatVector.broadcast(F, cap);
    for (; i + step <= to; i += step) {
      FloatVector.fromArray(F, y, i).max(zero).min(top).intoArray(y, i);
    }
    for (; i < to; i++) {
      y[i] = Math.min(Math.max(y[i], 0f), cap);
    }
  }

  @Override
  public void max(float[] x, int in, float[] y, int out, int n) {
    int step = F.length();
    int i = 0;
    for (; i + step <= n; i += step) {
      FloatVector.fromArray(F, y, out + i)
          .max(FloatVector.fromArray(F, x, in + i))
          .intoArray(y, out + i);
    }
    for (; i < n; i++) {
      y[out + i] = Math.max(y[out + i], x[in + i]);
    }
  }

  @Override
  public float sum(float[] data, int from, int to) {
    int step = F.length();
    FloatVector s0 = FloatVector.zero(F);
    FloatVector s1 = FloatVector.zero(F);
    FloatVector s2 = FloatVector.zero(F);
    FloatVector s3 = FloatVector.zero(F);
    int i = from;
    for (; i + 4 * step <= to; i += 4 * step) {
      s0 = s0.add(FloatVector.fromArray(F, data, i));
      s1 = s1.add(FloatVector.fromArray(F, data, i + step));
      s2 = s2.add(FloatVector.fromArray(F, data, i + 2 * step));
      s3 = s3.add(FloatVector.fromArray(F, data, i + 3 * step));
    }
    float total = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
    for (; i < to; i++) {
      total += data[i];
    }
    return total;
  }

  @Override
  public double floatPeakLoop(int rounds, float[] sink) {
    FloatVector x = FloatVector.broadcast(F, 1.0000001f);
    FloatVector y = FloatVector.broadcast(F, 0.9999999f);
    FloatVector a0 = FloatVector.broadcast(F, sink[0]);
    FloatVector a1 = a0.add(1f);
    FloatVector a2 = a0.add(2f);
    FloatVector a3 = a0.add(3f);
    FloatVector a4 = a0.add(4f);
    FloatVector a5 = a0.add(5f);
    FloatVector a6 = a0.add(6f);
    FloatVector a7 = a0.add(7f);
    for (int r = 0; r < rounds; r++) {
      a0 = a0.fma(x, y);
      a1 = a1.fma(x, y);
      a2 = a2.fma(x, y);
      a3 = a3.fma(x, y);
      a4 = a4.fma(x, y);
      a5 = a5.fma(x, y);
      a6 = a6.fma(x, y);
      a7 = a7.fma(x, y);
    }
    sink[0] =
        a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).reduceLanes(VectorOperators.ADD);
    return 16.0 * F.length() * rounds;
  }

  /**
   * The int8 kernel's own inner step — two 16-bit products, a pairwise widen — on operands in
   * registers; the weights change every round so the products cannot be hoisted.
   */
  @Override
  public double int8PeakLoop(int rounds, int[] sink) {
    ShortVector x = ShortVector.broadcast(S, (short) (sink[0] | 3));
    ShortVector y = ShortVector.broadcast(S, (short) -5);
    ShortVector w = ShortVector.broadcast(S, (short) 7);
    ShortVector one = ShortVector.broadcast(S, (short) 1);
    IntVector s0 = IntVector.zero(I);
    IntVector s1 = IntVector.zero(I);
    for (int r = 0; r < rounds; r++) {
      w = w.add(one);
      s0 = accumulate(s0, x.mul(w).add(y.mul(w)));
      s1 = accumulate(s1, y.mul(w).add(x.mul(x)));
    }
    sink[0] = s0.add(s1).reduceLanes(VectorOperators.ADD);
    return 2.0 * 2 * 2 * S.length() * rounds;
  }
}
