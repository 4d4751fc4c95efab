package dev.blueprint.simulator.des;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A design's flow compiled into a small program that each request walks with its own program
 * counter ({@link Requests#pc}). Instructions live in parallel int arrays, so moving a request
 * along costs an array read and a switch, not an object per hop.
 *
 * <ul>
 *   <li>{@code VISIT c}: hand the request to component {@code c}; it goes on at {@code next} when
 *       the component lets it leave on outlet 0, at {@code alternative} on outlet 1 (a cache hit);
 *   <li>{@code SPLIT s}: take one branch of split {@code s} at random;
 *   <li>{@code SHADOW}: start a copy at {@code alternative} that answers to nobody, and go on;
 *   <li>{@code CALL k}: start one child per branch of call {@code k} and wait for enough answers (a
 *       fan-out), for one answer within a deadline (a timeout), or for one answer while a circuit
 *       breaker allows it;
 *   <li>{@code JUMP}: go on at {@code next};
 *   <li>{@code END}, {@code RETURN}, {@code DISCARD}: the request is done, a child answers its
 *       parent, a shadow copy vanishes.
 * </ul>
 */
final class FlowProgram {
  static final int VISIT = 0;
  static final int END = 1;
  static final int RETURN = 2;
  static final int DISCARD = 3;
  static final int JUMP = 4;
  static final int SPLIT = 5;
  static final int SHADOW = 6;
  static final int CALL = 7;

  private int[] ops = new int[8];
  private int[] args = new int[8];
  private int[] nexts = new int[8];
  private int[] alternatives = new int[8];
  private int size;
  private int entry;

  private final List<Split> splits = new ArrayList<>();
  private final List<Call> calls = new ArrayList<>();

  /** The branches of a traffic split: cumulative weights and where each branch starts. */
  record Split(double[] cumulative, int[] starts, UniformRandomProvider random) {}

  /**
   * A call's branches and rules.
   *
   * @param starts where each child starts
   * @param waitFor successful answers needed
   * @param timeoutSeconds the deadline, or infinity
   * @param fallback where the parent goes on when the call fails, or -1 to fail with it
   * @param breaker the circuit breaker in front of it, or null
   */
  record Call(
      int[] starts, int waitFor, double timeoutSeconds, int fallback, CircuitBreaker breaker) {}

  /** Appends an instruction and returns its address. */
  int add(int op, int arg, int next, int alternative) {
    if (size == ops.length) {
      ops = Arrays.copyOf(ops, size * 2);
      args = Arrays.copyOf(args, size * 2);
      nexts = Arrays.copyOf(nexts, size * 2);
      alternatives = Arrays.copyOf(alternatives, size * 2);
    }
    ops[size] = op;
    args[size] = arg;
    nexts[size] = next;
    alternatives[size] = alternative;
    return size++;
  }

  int addSplit(Split split) {
    splits.add(split);
    return splits.size() - 1;
  }

  int addCall(Call call) {
    calls.add(call);
    return calls.size() - 1;
  }

  int size() {
    return size;
  }

  /** Where arriving requests start. */
  int entry() {
    return entry;
  }

  void setEntry(int address) {
    entry = address;
  }

  /** Runs instructions for {@code request} from its program counter until it waits somewhere. */
  void advance(Engine engine, int request, double now) {
    Requests requests = engine.requests;
    while (true) {
      int pc = requests.pc[request];
      switch (ops[pc]) {
        case VISIT -> {
          engine.component(args[pc]).arrive(request, now);
          return;
        }
        case JUMP -> requests.pc[request] = nexts[pc];
        case SPLIT -> {
          Split split = splits.get(args[pc]);
          double u = split.random().nextDouble();
          int branch = 0;
          while (branch < split.cumulative().length - 1 && u >= split.cumulative()[branch]) {
            branch++;
          }
          requests.pc[request] = split.starts()[branch];
        }
        case SHADOW -> {
          int copy = requests.copyOf(request, Requests.SHADOW);
          requests.pc[copy] = alternatives[pc];
          requests.pc[request] = nexts[pc];
          advance(engine, copy, now);
        }
        case CALL -> {
          call(engine, request, calls.get(args[pc]), now);
          return;
        }
        case END -> {
          finish(engine, request, now);
          return;
        }
        case RETURN -> {
          answer(engine, request, now);
          return;
        }
        case DISCARD -> {
          finish(engine, request, now);
          return;
        }
        default -> throw new IllegalStateException("bad instruction " + ops[pc] + " at " + pc);
      }
    }
  }

  /** The component at the request's current step is done with it. */
  void leave(Engine engine, int request, int outlet, double now) {
    int pc = engine.requests.pc[request];
    engine.requests.pc[request] = outlet == 0 ? nexts[pc] : alternatives[pc];
    advance(engine, request, now);
  }

  private void call(Engine engine, int request, Call call, double now) {
    Requests requests = engine.requests;
    if (call.breaker() != null && !call.breaker().allows(now)) {
      requests.pc[request] = call.fallback();
      advance(engine, request, now);
      return;
    }
    int epoch = ++requests.epoch[request];
    requests.waiting[request] = true;
    requests.needed[request] = call.waitFor();
    requests.unanswered[request] = call.starts().length;
    if (Double.isFinite(call.timeoutSeconds())) {
      engine.scheduleTimeout(now + call.timeoutSeconds(), request, epoch);
    }
    for (int start : call.starts()) {
      int child = requests.copyOf(request, Requests.CHILD);
      requests.parent[child] = request;
      requests.callEpoch[child] = epoch;
      requests.liveChildren[request]++;
      requests.pc[child] = start;
      advance(engine, child, now);
      if (!requests.waiting[request] || requests.epoch[request] != epoch) {
        // A child failed at once and settled the call; the rest need not start.
        return;
      }
    }
  }

  /** A child reached the end of its branch, or failed on the way. */
  private void answer(Engine engine, int child, double now) {
    Requests requests = engine.requests;
    int parent = requests.parent[child];
    byte cause = requests.failure[child];
    boolean failed = cause != Requests.OK;
    boolean current =
        requests.waiting[parent] && requests.callEpoch[child] == requests.epoch[parent];
    finish(engine, child, now);
    if (!current) {
      return;
    }
    Call call = calls.get(args[requests.pc[parent]]);
    requests.unanswered[parent]--;
    if (!failed && --requests.needed[parent] == 0) {
      settle(engine, parent, call, true, Requests.OK, now);
    } else if (requests.unanswered[parent] < requests.needed[parent]) {
      // Too few branches left to reach the answers needed.
      settle(engine, parent, call, false, cause, now);
    }
  }

  /** The deadline of the call {@code epoch} of {@code request} passed. */
  void timeout(Engine engine, int request, int epoch, double now) {
    Requests requests = engine.requests;
    if (!requests.waiting[request] || requests.epoch[request] != epoch) {
      return; // answered in time
    }
    settle(engine, request, calls.get(args[requests.pc[request]]), false, Requests.TIMED_OUT, now);
  }

  private void settle(
      Engine engine, int request, Call call, boolean success, byte cause, double now) {
    Requests requests = engine.requests;
    requests.waiting[request] = false;
    requests.epoch[request]++; // answers still on their way belong to a finished call
    if (call.breaker() != null) {
      call.breaker().record(success, now);
    }
    if (success) {
      requests.pc[request] = nexts[requests.pc[request]];
    } else if (call.fallback() >= 0) {
      requests.pc[request] = call.fallback();
    } else {
      fail(engine, request, cause, now);
      return;
    }
    advance(engine, request, now);
  }

  /** The request cannot go on: a full queue dropped it, or a call without fallback failed. */
  void fail(Engine engine, int request, byte cause, double now) {
    Requests requests = engine.requests;
    requests.failure[request] = cause;
    if (requests.role[request] == Requests.CHILD) {
      answer(engine, request, now);
    } else {
      finish(engine, request, now);
    }
  }

  /** Done: a root's result is recorded; the slot is freed once no copy of it still runs. */
  private void finish(Engine engine, int request, double now) {
    Requests requests = engine.requests;
    if (requests.role[request] == Requests.ROOT) {
      engine.complete(request, now);
    }
    requests.finished[request] = true;
    releaseIfIdle(requests, request);
  }

  private static void releaseIfIdle(Requests requests, int request) {
    while (requests.finished[request] && requests.liveChildren[request] == 0) {
      int parent = requests.role[request] == Requests.CHILD ? requests.parent[request] : -1;
      requests.release(request);
      if (parent < 0) {
        return;
      }
      requests.liveChildren[parent]--;
      request = parent;
    }
  }

  /**
   * A circuit breaker: closed, it counts failures over the last {@code window} calls; past the
   * threshold it opens, sending requests to the fallback for {@code openSeconds}; then it lets
   * {@code probes} calls through, closing on a success and opening again on a failure.
   */
  static final class CircuitBreaker {
    private final double threshold;
    private final boolean[] outcomes;
    private final double openSeconds;
    private final int probes;
    private int next;
    private int recorded;
    private int failures;
    private boolean open;
    private double openUntil;
    private int probesLeft;
    private long opened;

    CircuitBreaker(double threshold, int window, double openSeconds, int probes) {
      this.threshold = threshold;
      this.outcomes = new boolean[window];
      this.openSeconds = openSeconds;
      this.probes = probes;
    }

    boolean allows(double now) {
      if (!open) {
        return true;
      }
      if (now < openUntil) {
        return false;
      }
      if (probesLeft > 0) {
        probesLeft--;
        return true;
      }
      return false;
    }

    void record(boolean success, double now) {
      if (open) {
        if (now < openUntil) {
          return; // a call started before the breaker opened
        }
        if (success) {
          open = false;
          recorded = 0;
          failures = 0;
          next = 0;
        } else {
          trip(now);
        }
        return;
      }
      if (recorded == outcomes.length) {
        if (!outcomes[next]) {
          failures--;
        }
      } else {
        recorded++;
      }
      outcomes[next] = success;
      if (!success) {
        failures++;
      }
      next = (next + 1) % outcomes.length;
      if (recorded == outcomes.length && failures >= threshold * outcomes.length - 1e-9) {
        trip(now);
      }
    }

    private void trip(double now) {
      open = true;
      opened++;
      openUntil = now + openSeconds;
      probesLeft = probes;
    }

    long timesOpened() {
      return opened;
    }
  }
}
