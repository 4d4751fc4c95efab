package dev.blueprint.edge.model;

import java.util.Locale;

/** Element types a tensor can hold. The codes are the ones the model file stores. */
public enum DataType {
  FLOAT32(1, 4),
  INT8(2, 1),
  INT32(3, 4);

  private final int code;
  private final int bytes;

  DataType(int code, int bytes) {
    this.code = code;
    this.bytes = bytes;
  }

  public int code() {
    return code;
  }

  /** Bytes per element. */
  public int bytes() {
    return bytes;
  }

  public static DataType fromCode(int code) {
    for (DataType type : values()) {
      if (type.code == code) {
        return type;
      }
    }
    throw new IllegalArgumentException("unknown data type code " + code);
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
