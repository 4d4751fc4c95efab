package dev.blueprint.simulator.calibrate;

import java.util.Arrays;
import java.util.List;

/** What a microbenchmark row measured, and so which efficiency parameter it informs. */
public enum KernelKind {
  /** One matrix product of {@code m × k} by {@code k × n}, timed back to back in a stream. */
  GEMM("gemm"),
  /** A copy that streams {@code stream_bytes} (read plus written) through device memory. */
  STREAM("stream"),
  /**
   * Random rows gathered from a large table: {@code gather_bytes} of rows, plus the written output.
   */
  GATHER("gather"),
  /** An empty kernel launched and synchronised from the host, one at a time. */
  LAUNCH("launch"),
  /** An empty kernel replayed inside a captured graph: the cost of one graph node. */
  GRAPH_NODE("graph-node");

  private final String id;

  KernelKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static List<String> ids() {
    return Arrays.stream(values()).map(KernelKind::id).toList();
  }

  /** The kind named {@code text}, or null. */
  static KernelKind byId(String text) {
    for (KernelKind kind : values()) {
      if (kind.id.equals(text)) {
        return kind;
      }
    }
    return null;
  }
}
