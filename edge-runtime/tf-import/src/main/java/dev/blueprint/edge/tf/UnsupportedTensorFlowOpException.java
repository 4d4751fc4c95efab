package dev.blueprint.edge.tf;

/**
 * A SavedModel uses a TensorFlow op (or an op in a form) that Blueprint's graph format cannot
 * express. The message names the op type and the node, and what would be accepted.
 */
public final class UnsupportedTensorFlowOpException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String opType;
  private final String nodeName;

  public UnsupportedTensorFlowOpException(String opType, String nodeName, String detail) {
    super("TensorFlow op " + opType + " (node '" + nodeName + "') " + detail);
    this.opType = opType;
    this.nodeName = nodeName;
  }

  /** The TensorFlow op type, e.g. {@code Sin}. */
  public String opType() {
    return opType;
  }

  /** The name of the node in the GraphDef. */
  public String nodeName() {
    return nodeName;
  }
}
