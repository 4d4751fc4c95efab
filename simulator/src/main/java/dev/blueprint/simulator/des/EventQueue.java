package dev.blueprint.simulator.des;

import java.util.Arrays;

/**
 * The pending events of one simulation, in a 4-ary min-heap over parallel primitive arrays:
 * no object per event, so the hot loop allocates nothing once the arrays have grown.
 *
 * <p>The order is total: by time, then by the order of scheduling ({@code seq}, a counter of
 * this queue), so events at equal times run first-scheduled first and a run is reproducible.
 * An event carries the handler it is for ({@code target}), the request it concerns and one
 * spare int ({@code aux}, e.g. an epoch that lets a stale timer be recognised).
 */
final class EventQueue {
  private static final int ARITY = 4;

  private double[] times;
  private long[] seqs;
  private int[] targets;
  private int[] requests;
  private int[] auxes;
  private int size;
  private long nextSeq;

  // The event last taken by poll().
  private double polledTime;
  private int polledTarget;
  private int polledRequest;
  private int polledAux;

  EventQueue(int initialCapacity) {
    int capacity = Math.max(16, initialCapacity);
    times = new double[capacity];
    seqs = new long[capacity];
    targets = new int[capacity];
    requests = new int[capacity];
    auxes = new int[capacity];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The time of the earliest pending event; {@code +∞} when none. */
  double peekTime() {
    return size == 0 ? Double.POSITIVE_INFINITY : times[0];
  }

  void schedule(double time, int target, int request, int aux) {
    if (size == times.length) {
      grow();
    }
    long seq = nextSeq++;
    // Sift up: move parents down until the slot for the new event is found.
    int child = size++;
    while (child > 0) {
      int parent = (child - 1) / ARITY;
      if (!before(time, seq, times[parent], seqs[parent])) {
        break;
      }
      move(parent, child);
      child = parent;
    }
    put(child, time, seq, target, request, aux);
  }

  /** Removes the earliest event; read it with {@link #time()}, {@link #target()} and so on. */
  void poll() {
    polledTime = times[0];
    polledTarget = targets[0];
    polledRequest = requests[0];
    polledAux = auxes[0];
    int last = --size;
    if (last == 0) {
      return;
    }
    double time = times[last];
    long seq = seqs[last];
    int target = targets[last];
    int request = requests[last];
    int aux = auxes[last];
    // Sift down from the root with the former last element.
    int hole = 0;
    while (true) {
      int first = hole * ARITY + 1;
      if (first >= last) {
        break;
      }
      int end = Math.min(first + ARITY, last);
      int best = first;
      for (int c = first + 1; c < end; c++) {
        if (before(times[c], seqs[c], times[best], seqs[best])) {
          best = c;
        }
      }
      if (!before(times[best], seqs[best], time, seq)) {
        break;
      }
      move(best, hole);
      hole = best;
    }
    put(hole, time, seq, target, request, aux);
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

  private static boolean before(double timeA, long seqA, double timeB, long seqB) {
    return timeA < timeB || (timeA == timeB && seqA < seqB);
  }

  private void move(int from, int to) {
    times[to] = times[from];
    seqs[to] = seqs[from];
    targets[to] = targets[from];
    requests[to] = requests[from];
    auxes[to] = auxes[from];
  }

  private void put(int at, double time, long seq, int target, int request, int aux) {
    times[at] = time;
    seqs[at] = seq;
    targets[at] = target;
    requests[at] = request;
    auxes[at] = aux;
  }

  private void grow() {
    int capacity = times.length * 2;
    times = Arrays.copyOf(times, capacity);
    seqs = Arrays.copyOf(seqs, capacity);
    targets = Arrays.copyOf(targets, capacity);
    requests = Arrays.copyOf(requests, capacity);
    auxes = Arrays.copyOf(auxes, capacity);
  }
}
