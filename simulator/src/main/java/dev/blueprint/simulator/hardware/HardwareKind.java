package dev.blueprint.simulator.hardware;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What sort of device a profile describes. */
public enum HardwareKind {
  GPU("gpu"),
  TPU("tpu"),
  CPU("cpu"),
  /** A dedicated accelerator that is not a GPU or TPU (Inferentia, Trainium, Gaudi). */
  NPU("npu"),
  /** A small device at the edge (Jetson, Raspberry Pi, Coral, Apple M-series). */
  EDGE("edge");

  private final String id;

  HardwareKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static HardwareKind parse(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (HardwareKind kind : values()) {
      if (kind.id.equals(wanted)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "expected one of "
            + Arrays.stream(values()).map(HardwareKind::id).collect(Collectors.joining(", "))
            + ", got '"
            + text
            + "'");
  }

  @Override
  public String toString() {
    return id;
  }
}
