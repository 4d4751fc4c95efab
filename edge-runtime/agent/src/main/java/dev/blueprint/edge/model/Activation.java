package dev.blueprint.edge.model;

import java.util.Locale;

/** An activation fused into dense, convolution and add. */
public enum Activation {
  NONE,
  RELU,
  RELU6;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Activation fromLabel(String label) {
    for (Activation a : values()) {
      if (a.label().equals(label)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown activation '" + label + "' (none, relu, relu6)");
  }

  public float apply(float x) {
    return switch (this) {
      case NONE -> x;
      case RELU -> x > 0 ? x : 0;
      case RELU6 -> x > 0 ? (x < 6 ? x : 6) : 0;
    };
  }
}
