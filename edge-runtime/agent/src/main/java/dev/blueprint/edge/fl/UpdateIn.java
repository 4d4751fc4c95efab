package dev.blueprint.edge.fl;

import dev.blueprint.edge.fl.UpdateRejected.Reason;
import java.util.Objects;

/** A little-endian reader that refuses, never overruns. */
final class UpdateIn {
  private final byte[] bytes;
  private int pos;

  UpdateIn(byte[] bytes) {
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  int remaining() {
    return bytes.length - pos;
  }

  void need(long count, String what) {
    if (count > remaining()) {
      throw new UpdateRejected(
          Reason.TRUNCATED,
          "the update ends at byte "
              + bytes.length
              + " inside "
              + what
              + " ("
              + count
              + " bytes needed from byte "
              + pos
              + ")");
    }
  }

  byte rawByte() {
    return bytes[pos++];
  }

  int u8(String what) {
    need(1, what);
    return bytes[pos++] & 0xff;
  }

  int i32(String what) {
    need(4, what);
    int v =
        (bytes[pos] & 0xff)
            | (bytes[pos + 1] & 0xff) << 8
            | (bytes[pos + 2] & 0xff) << 16
            | (bytes[pos + 3] & 0xff) << 24;
    pos += 4;
    return v;
  }

  float f32(String what) {
    return Float.intBitsToFloat(i32(what));
  }

  float finiteF32(ParameterLayout.Slot slot, int element) {
    float v = f32("values of " + slot.name());
    if (!Float.isFinite(v)) {
      throw new UpdateRejected(
          Reason.NON_FINITE, "tensor " + slot.name() + " element " + element + " is " + v);
    }
    return v;
  }

  /** An unsigned LEB128 integer of at most 63 bits, so at most 9 bytes. */
  long varint(String what) {
    long value = 0;
    for (int i = 0; i < 9; i++) {
      int b = u8(what);
      value |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new UpdateRejected(Reason.MALFORMED, what + " runs past 9 bytes (63 bits)");
  }
}
