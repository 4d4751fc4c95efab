package dev.blueprint.edge.fl;

import java.io.ByteArrayOutputStream;

/** A growing little-endian byte sink. */
final class UpdateOut extends ByteArrayOutputStream {
  UpdateOut(int size) {
    super(size);
  }

  void u8(int b) {
    write(b);
  }

  void bytes(byte[] b) {
    write(b, 0, b.length);
  }

  void i32(int v) {
    write(v);
    write(v >>> 8);
    write(v >>> 16);
    write(v >>> 24);
  }

  void f32(float v) {
    i32(Float.floatToRawIntBits(v));
  }

  void varint(long v) {
    while ((v & ~0x7fL) != 0) {
      write((int) ((v & 0x7f) | 0x80));
      v >>>= 7;
    }
    write((int) v);
  }
}
