package dev.blueprint.simulator.des;

import java.util.Arrays;

/**
 * The requests in flight, as parallel arrays indexed by a slot number that is reused once a
 * request is done: a run allocates nothing per request after the arrays have grown to the
 * largest number in flight.
 */
final class Requests {
  /** Arrival time at the system, seconds. */
  double[] born;
  /** When the request entered the component it is at, seconds. */
  double[] entered;
  /** Position in the flow program. */
  int[] pc;
  /** Index among measured requests, or -1 for warm-up and tail requests. */
  long[] measuredIndex;
  /** The batch of a measured request. */
  int[] batch;
  /** Its request class. */
  int[] klass;
  /** Samples a model server scores for it. */
  int[] items;
  /** Prompt and output tokens of an LLM request. */
  int[] promptTokens;
  int[] outputTokens;
  /** Bytes of its payload. */
  double[] payloadBytes;

  private int[] free;
  private int freeCount;
  private int capacity;
  private int inFlight;

  Requests(int initialCapacity) {
    capacity = Math.max(16, initialCapacity);
    born = new double[capacity];
    entered = new double[capacity];
    pc = new int[capacity];
    measuredIndex = new long[capacity];
    batch = new int[capacity];
    klass = new int[capacity];
    items = new int[capacity];
    promptTokens = new int[capacity];
    outputTokens = new int[capacity];
    payloadBytes = new double[capacity];
    free = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      free[i] = capacity - 1 - i;
    }
    freeCount = capacity;
  }

  /** A free slot for a new request. */
  int allocate() {
    if (freeCount == 0) {
      grow();
    }
    inFlight++;
    return free[--freeCount];
  }

  void release(int slot) {
    inFlight--;
    free[freeCount++] = slot;
  }

  int inFlight() {
    return inFlight;
  }

  private void grow() {
    int old = capacity;
    capacity = old * 2;
    born = Arrays.copyOf(born, capacity);
    entered = Arrays.copyOf(entered, capacity);
    pc = Arrays.copyOf(pc, capacity);
    measuredIndex = Arrays.copyOf(measuredIndex, capacity);
    batch = Arrays.copyOf(batch, capacity);
    klass = Arrays.copyOf(klass, capacity);
    items = Arrays.copyOf(items, capacity);
    promptTokens = Arrays.copyOf(promptTokens, capacity);
    outputTokens = Arrays.copyOf(outputTokens, capacity);
    payloadBytes = Arrays.copyOf(payloadBytes, capacity);
    free = Arrays.copyOf(free, capacity);
    for (int i = old; i < capacity; i++) {
      free[freeCount++] = capacity - 1 - (i - old);
    }
  }
}
