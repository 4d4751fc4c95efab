package dev.blueprint.simulator.des;

import java.util.Arrays;

/**
 * A design's flow compiled into a small program that each request walks with its own program
 * counter ({@link Requests#pc}). Steps are instructions in parallel int arrays, so moving a
 * request along costs an array read and a switch, not an object per hop.
 *
 * <ul>
 *   <li>{@code VISIT c}: hand the request to component {@code c}; when it leaves on outlet 0 it
 *       goes on at {@code next}, on outlet 1 at {@code alternative};
 *   <li>{@code END}: the request is complete.
 * </ul>
 */
final class FlowProgram {
  static final int VISIT = 0;
  static final int END = 1;

  private int[] ops = new int[8];
  private int[] args = new int[8];
  private int[] nexts = new int[8];
  private int[] alternatives = new int[8];
  private int size;

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

  /** Changes where an instruction continues (for jumps to code compiled after it). */
  void link(int address, int next, int alternative) {
    nexts[address] = next;
    alternatives[address] = alternative;
  }

  int size() {
    return size;
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
        case END -> {
          engine.complete(request, now);
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
}
