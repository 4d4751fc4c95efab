package dev.blueprint.simulator.des;

import java.util.Arrays;

/**
 * The pending events of one simulation: a 4-ary min-heap of event times and slot numbers, with each
 * event's fields in slot-indexed arrays. Sifting moves two arrays (time and slot) rather than every
 * field, and nothing is allocated per event once the arrays have grown.
 *
 * <p>The order is total: by time, then by the order of scheduling ({@code seq}, a counter of this
 * queue), so events at equal times run first-scheduled first and a run is reproducible. An event
 * carries the handler it is for ({@code target}), the request it concerns and one spare int ({@code
 * aux}, e.g. an epoch that lets a stale timer be recognised).
 */
final class EventQueue {
  private static final int ARITY = 4;

  // The heap: times and the slots holding the rest of each event.
  private double[] heapTimes;
  private int[] heapSlots;
  private int size;

  // Event fields by slot, and the free slots.
  private long[] seqs;
  private int[] targets;
  private int[] requests;
  private int[] auxes;
  private int[] freeSlots;
  private int freeCount;
  private long nextSeq;

  // The event last taken by poll().
  private double polledTime;
  private int polledTarget;
  private int polledRequest;
  private int polledAux;

  EventQueue(int initialCapacity) {
    int capacity = Math.max(16, initialCapacity);
    heapTimes = new double[capacity];
    heapSlots = new int[capacity];
    seqs = new long[capacity];
    targets = new int[capacity];
    requests = new int[capacity];
    auxes = new int[capacity];
    freeSlots = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      freeSlots[i] = capacity - 1 - i;
    }
    freeCount = capacity;
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The time of the earliest pending event; {@code +∞} when none. */
  double peekTime() {
    return size == 0 ? Double.POSITIVE_INFINITY : heapTimes[0];
  }

  void schedule(double time, int target, int request, int aux) {
    if (freeCount == 0) {
      grow();
    }
    int slot = freeSlots[--freeCount];
    long seq = nextSeq++;
    seqs[slot] = seq;
    targets[slot] = target;
    requests[slot] = request;
    auxes[slot] = aux;
    // Sift up: move parents down until the place of the new event is found.
    int child = size++;
    while (child > 0) {
      int parent = (child - 1) / ARITY;
      double parentTime = heapTimes[parent];
      if (parentTime < time || (parentTime == time && seqs[heapSlots[parent]] < seq)) {
        break;
      }
      heapTimes[child] = parentTime;
      heapSlots[child] = heapSlots[parent];
      child = parent;
    }
    heapTimes[child] = time;
    heapSlots[child] = slot;
  }

  /** Removes the earliest event; read it with {@link #time()}, {@link #target()} and so on. */
  void poll() {
    int slot = heapSlots[0];
    polledTime = heapTimes[0];
    polledTarget = targets[slot];
    polledRequest = requests[slot];
    polledAux = auxes[slot];
    freeSlots[freeCount++] = slot;
    int last = --size;
    if (last == 0) {
      return;
    }
    double time = heapTimes[last];
    int lastSlot = heapSlots[last];
    // Sift down from the root with the former last element.
    int hole = 0;
    while (true) {
      int first = hole * ARITY + 1;
      if (first >= last) {
        break;
      }
      int end = Math.min(first + ARITY, last);
      int best = first;
      double bestTime = heapTimes[first];
      for (int c = first + 1; c < end; c++) {
        double t = heapTimes[c];
        if (t < bestTime || (t == bestTime && seqs[heapSlots[c]] < seqs[heapSlots[best]])) {
          best = c;
          bestTime = t;
        }
      }
      if (bestTime > time || (bestTime == time && seqs[heapSlots[best]] > seqs[lastSlot])) {
        break;
      }
      heapTimes[hole] = bestTime;
      heapSlots[hole] = heapSlots[best];
      hole = best;
    }
    heapTimes[hole] = time;
    heapSlots[hole] = lastSlot;
  }

  double time() {
    return polledTime;
  }

  int target() {
    return polledTarget;
  }

  int request() {
    return polledRequest;
  }

  int aux() {
    return polledAux;
  }

  private void grow() {
    int old = heapTimes.length;
    int capacity = old * 2;
    heapTimes = Arrays.copyOf(heapTimes, capacity);
    heapSlots = Arrays.copyOf(heapSlots, capacity);
    seqs = Arrays.copyOf(seqs, capacity);
    targets = Arrays.copyOf(targets, capacity);
    requests = Arrays.copyOf(requests, capacity);
    auxes = Arrays.copyOf(auxes, capacity);
    freeSlots = Arrays.copyOf(freeSlots, capacity);
    for (int i = old; i < capacity; i++) {
      freeSlots[freeCount++] = capacity - 1 - (i - old);
    }
  }
}
