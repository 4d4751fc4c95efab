package dev.blueprint.simulator.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of one sample's tensor, written {@code HxWxC} (or {@code LxC}, or {@code N}).
 *
 * @param dims sizes, outermost first; the last is the channel or feature count
 */
public record Shape(List<Integer> dims) {
  public Shape {
    if (dims.isEmpty()) {
      throw new IllegalArgumentException("a shape needs at least one dimension");
    }
    for (int d : dims) {
      if (d < 1) {
        throw new IllegalArgumentException("shape sizes must be positive, got " + dims);
      }
    }
    dims = List.copyOf(dims);
  }

  public static Shape of(int... dims) {
    List<Integer> list = new ArrayList<>();
    for (int d : dims) {
      list.add(d);
    }
    return new Shape(list);
  }

  /** Reads {@code 224x224x3}, {@code 1500x768} or {@code 2048}. */
  public static Shape parse(String text) {
    String[] parts = text.trim().split("x");
    List<Integer> dims = new ArrayList<>();
    try {
      for (String part : parts) {
        dims.add(Integer.parseInt(part.trim()));
      }
      return new Shape(dims);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "expected a shape such as 224x224x3 (height x width x channels), got '" + text + "'");
    }
  }

  public int rank() {
    return dims.size();
  }

  /** The last dimension: channels or features. */
  public int channels() {
    return dims.get(dims.size() - 1);
  }

  /** The product of all dimensions but the last: spatial positions or tokens. */
  public long positions() {
    long p = 1;
    for (int i = 0; i < dims.size() - 1; i++) {
      p *= dims.get(i);
    }
    return p;
  }

  public long elements() {
    return positions() * channels();
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < dims.size(); i++) {
      if (i > 0) {
        text.append('x');
      }
      text.append(dims.get(i));
    }
    return text.toString();
  }
}
