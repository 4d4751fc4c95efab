package dev.blueprint.simulator.des;

import dev.blueprint.simulator.design.FlowStep;
import java.util.List;
import java.util.Map;

/**
 * Compiles a design's flow into a {@link FlowProgram}. A sequence is compiled from its end: its
 * terminating instruction first, then each step backwards, so every step knows the address it
 * continues at when it is emitted and no jump needs patching.
 */
final class FlowCompiler {
  private final FlowProgram program = new FlowProgram();
  private final Map<String, Integer> components;
  private final RandomStreams streams;
  private int splitCount;

  private FlowCompiler(Map<String, Integer> components, RandomStreams streams) {
    this.components = components;
    this.streams = streams;
  }

  /**
   * @param components each component's index in the engine, by name
   */
  static FlowProgram compile(
      List<FlowStep> flow, Map<String, Integer> components, RandomStreams streams) {
    FlowCompiler compiler = new FlowCompiler(components, streams);
    compiler.program.setEntry(compiler.sequence(flow, FlowProgram.END, -1));
    return compiler.program;
  }

  /**
   * Emits a sequence ending in {@code terminator} ({@code END}, {@code RETURN}, {@code DISCARD}, or
   * {@code JUMP} to {@code continuation}) and returns the address of its first step.
   */
  private int sequence(List<FlowStep> steps, int terminator, int continuation) {
    int end = program.add(terminator, 0, continuation, continuation);
    int next = end;
    for (int i = steps.size() - 1; i >= 0; i--) {
      next = step(steps.get(i), next, end);
    }
    return next;
  }

  /**
   * Emits one step that continues at {@code next}; {@code sequenceEnd} is where a result cache's
   * hit goes (the end of the enclosing sequence). Returns the step's entry address.
   */
  private int step(FlowStep step, int next, int sequenceEnd) {
    if (step instanceof FlowStep.Visit visit) {
      return program.add(FlowProgram.VISIT, components.get(visit.component()), next, next);
    }
    if (step instanceof FlowStep.Cache cache) {
      if (cache.onMiss().isPresent()) {
        int miss = sequence(cache.onMiss().get(), FlowProgram.JUMP, next);
        return program.add(FlowProgram.VISIT, components.get(cache.component()), miss, next);
      }
      return program.add(FlowProgram.VISIT, components.get(cache.component()), next, sequenceEnd);
    }
    if (step instanceof FlowStep.TrafficSplit split) {
      int n = split.branches().size();
      double[] cumulative = new double[n];
      int[] starts = new int[n];
      double sum = 0;
      for (int b = 0; b < n; b++) {
        sum += split.branches().get(b).weight();
        cumulative[b] = sum;
        starts[b] = sequence(split.branches().get(b).flow(), FlowProgram.JUMP, next);
      }
      cumulative[n - 1] = 1;
      int index =
          program.addSplit(
              new FlowProgram.Split(cumulative, starts, streams.stream("split:" + splitCount++)));
      return program.add(FlowProgram.SPLIT, index, next, next);
    }
    if (step instanceof FlowStep.Shadow shadow) {
      int start = sequence(shadow.flow(), FlowProgram.DISCARD, -1);
      return program.add(FlowProgram.SHADOW, 0, next, start);
    }
    if (step instanceof FlowStep.FanOut fan) {
      int[] starts =
          fan.branches().stream().mapToInt(b -> sequence(b, FlowProgram.RETURN, -1)).toArray();
      int index =
          program.addCall(
              new FlowProgram.Call(starts, fan.waitFor(), Double.POSITIVE_INFINITY, -1, null));
      return program.add(FlowProgram.CALL, index, next, next);
    }
    if (step instanceof FlowStep.Timeout timeout) {
      int body = sequence(timeout.flow(), FlowProgram.RETURN, -1);
      int fallback = timeout.fallback().map(f -> sequence(f, FlowProgram.JUMP, next)).orElse(-1);
      int index =
          program.addCall(
              new FlowProgram.Call(new int[] {body}, 1, timeout.seconds(), fallback, null));
      return program.add(FlowProgram.CALL, index, next, next);
    }
    if (step instanceof FlowStep.CircuitBreaker breaker) {
      int body = sequence(breaker.flow(), FlowProgram.RETURN, -1);
      int fallback = sequence(breaker.fallback(), FlowProgram.JUMP, next);
      FlowProgram.CircuitBreaker state =
          new FlowProgram.CircuitBreaker(
              breaker.failureThreshold(),
              breaker.window(),
              breaker.openSeconds(),
              breaker.probes());
      int index =
          program.addCall(
              new FlowProgram.Call(new int[] {body}, 1, Double.POSITIVE_INFINITY, fallback, state));
      return program.add(FlowProgram.CALL, index, next, next);
    }
    throw new IllegalArgumentException("cannot compile " + step);
  }
}
