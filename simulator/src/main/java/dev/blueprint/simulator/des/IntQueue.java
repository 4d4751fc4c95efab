package dev.blueprint.simulator.des;

import java.util.Arrays;

/** A growable ring buffer of ints: a waiting line of request slots without boxing. */
final class IntQueue {
  private int[] items = new int[16];
  private int head;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void add(int item) {
    if (size == items.length) {
      int[] bigger = new int[items.length * 2];
      for (int i = 0; i < size; i++) {
        bigger[i] = items[(head + i) & (items.length - 1)];
      }
      items = bigger;
      head = 0;
    }
    items[(head + size) & (items.length - 1)] = item;
    size++;
  }

  int poll() {
    int item = items[head];
    head = (head + 1) & (items.length - 1);
    size--;
    return item;
  }

  /** The item {@code i} places behind the head. */
  int at(int i) {
    return items[(head + i) & (items.length - 1)];
  }

  int peek() {
    return items[head];
  }

  @Override
  public String toString() {
    int[] copy = new int[size];
    for (int i = 0; i < size; i++) {
      copy[i] = items[(head + i) & (items.length - 1)];
    }
    return Arrays.toString(copy);
  }
}
