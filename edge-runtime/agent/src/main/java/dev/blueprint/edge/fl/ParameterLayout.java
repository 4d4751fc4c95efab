package dev.blueprint.edge.fl;

import dev.blueprint.edge.model.TensorShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where each trainable tensor of a model lies in its flat parameter vector: tensors in graph order,
 * one after the other. Two parties can exchange {@link Weights} only when their layouts are equal
 * (same names, shapes and order), which is what {@link #requireSameAs} checks before any
 * arithmetic.
 */
public record ParameterLayout(List<Slot> slots) {

  /** One tensor: its name in the graph, its shape and its first index in the flat vector. */
  public record Slot(String name, TensorShape shape, int offset) {
    public Slot {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(shape, "shape");
      if (offset < 0) {
        throw new IllegalArgumentException("offset " + offset + " of " + name + " is negative");
      }
    }

    public int size() {
      return shape.size();
    }

    public int end() {
      return offset + size();
    }
  }

  public ParameterLayout {
    slots = List.copyOf(slots);
    int next = 0;
    for (Slot s : slots) {
      if (s.offset() != next) {
        throw new IllegalArgumentException(
            "tensor " + s.name() + " starts at " + s.offset() + ", expected " + next);
      }
      next = Math.addExact(next, s.size());
    }
  }

  /** A layout of tensors laid out back to back in the order given. */
  public static ParameterLayout of(List<String> names, List<TensorShape> shapes) {
    if (names.size() != shapes.size()) {
      throw new IllegalArgumentException(names.size() + " names for " + shapes.size() + " shapes");
    }
    List<Slot> slots = new ArrayList<>();
    int offset = 0;
    for (int i = 0; i < names.size(); i++) {
      slots.add(new Slot(names.get(i), shapes.get(i), offset));
      offset = Math.addExact(offset, shapes.get(i).size());
    }
    return new ParameterLayout(slots);
  }

  /** Parameters in all. */
  public int size() {
    return slots.isEmpty() ? 0 : slots.get(slots.size() - 1).end();
  }

  /** Tensors in all. */
  public int tensorCount() {
    return slots.size();
  }

  public Slot slot(String name) {
    return slots.stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no trainable tensor '" + name + "'"));
  }

  /**
   * Refuses a layout that differs from this one, naming the first difference: an update for another
   * model must never be added to this one.
   */
  public void requireSameAs(ParameterLayout other, String what) {
    if (other.slots.size() != slots.size()) {
      throw new IllegalArgumentException(
          what + " has " + other.slots.size() + " tensors, the model " + slots.size());
    }
    for (int i = 0; i < slots.size(); i++) {
      Slot mine = slots.get(i);
      Slot theirs = other.slots.get(i);
      if (!mine.name().equals(theirs.name()) || !mine.shape().equals(theirs.shape())) {
        throw new IllegalArgumentException(
            what
                + ": tensor "
                + i
                + " is "
                + theirs.name()
                + " "
                + theirs.shape()
                + ", the model's is "
                + mine.name()
                + " "
                + mine.shape());
      }
    }
  }
}
