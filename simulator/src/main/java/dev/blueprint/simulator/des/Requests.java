package dev.blueprint.simulator.des;

import java.util.Arrays;

/**
 * The requests in flight, as parallel arrays indexed by a slot number that is reused once a request
 * is done: a run allocates nothing per request after the arrays have grown to the largest number in
 * flight.
 *
 * <p>Besides the requests that arrive, the flow makes copies: the branches of a fan-out, the body
 * of a timeout or circuit breaker ({@link #CHILD}, answering to a parent that waits), and shadow
 * copies ({@link #SHADOW}, answering to nobody). A slot is freed only when its request is done and
 * no copy it made still runs, because a late copy still reports to its parent's slot.
 */
final class Requests {
  static final byte ROOT = 0;
  static final byte CHILD = 1;
  static final byte SHADOW = 2;

  static final byte OK = 0;
  static final byte DROPPED = 1;
  static final byte TIMED_OUT = 2;

  /** Arrival time at the system, seconds. */
  double[] born;

  /** When the request entered the component it is at, seconds. */
  double[] entered;

  /** Position in the flow program. */
  int[] pc;

  /** Index among measured requests, or -1 for warm-up and tail requests (copies inherit it). */
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

  /** {@link #ROOT}, {@link #CHILD} or {@link #SHADOW}. */
  byte[] role;

  /** The slot of a child's parent. */
  int[] parent;

  /** The parent's call a child belongs to; an answer from an older call is ignored. */
  int[] callEpoch;

  /** The number of the call a request is waiting on (or last waited on). */
  int[] epoch;

  /** Whether the request waits on a call. */
  boolean[] waiting;

  /** Successful answers the call still needs. */
  int[] needed;

  /** Children of the current call that have not answered. */
  int[] unanswered;

  /** Children whose slots are still in use, from any call. */
  int[] liveChildren;

  /** The request is done but waits for its children's slots to be freed. */
  boolean[] finished;

  /** Why it failed: {@link #OK}, {@link #DROPPED} or {@link #TIMED_OUT}. */
  byte[] failure;

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
    role = new byte[capacity];
    parent = new int[capacity];
    callEpoch = new int[capacity];
    epoch = new int[capacity];
    waiting = new boolean[capacity];
    needed = new int[capacity];
    unanswered = new int[capacity];
    liveChildren = new int[capacity];
    finished = new boolean[capacity];
    failure = new byte[capacity];
    free = new int[capacity];
    for (int i = 0; i < capacity; i++) {
      free[i] = capacity - 1 - i;
    }
    freeCount = capacity;
  }

  /** A free slot for a new request, its flow state reset. */
  int allocate() {
    if (freeCount == 0) {
      grow();
    }
    inFlight++;
    int slot = free[--freeCount];
    role[slot] = ROOT;
    parent[slot] = -1;
    waiting[slot] = false;
    liveChildren[slot] = 0;
    finished[slot] = false;
    failure[slot] = OK;
    return slot;
  }

  /** A copy of {@code original}: the same arrival, class and sizes. */
  int copyOf(int original, byte copyRole) {
    int slot = allocate();
    role[slot] = copyRole;
    born[slot] = born[original];
    measuredIndex[slot] = measuredIndex[original];
    batch[slot] = batch[original];
    klass[slot] = klass[original];
    items[slot] = items[original];
    promptTokens[slot] = promptTokens[original];
    outputTokens[slot] = outputTokens[original];
    payloadBytes[slot] = payloadBytes[original];
    return slot;
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
    role = Arrays.copyOf(role, capacity);
    parent = Arrays.copyOf(parent, capacity);
    callEpoch = Arrays.copyOf(callEpoch, capacity);
    epoch = Arrays.copyOf(epoch, capacity);
    waiting = Arrays.copyOf(waiting, capacity);
    needed = Arrays.copyOf(needed, capacity);
    unanswered = Arrays.copyOf(unanswered, capacity);
    liveChildren = Arrays.copyOf(liveChildren, capacity);
    finished = Arrays.copyOf(finished, capacity);
    failure = Arrays.copyOf(failure, capacity);
    free = Arrays.copyOf(free, capacity);
    for (int i = old; i < capacity; i++) {
      free[freeCount++] = capacity - 1 - (i - old);
    }
  }
}
