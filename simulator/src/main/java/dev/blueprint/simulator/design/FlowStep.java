package dev.blueprint.simulator.design;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a design's flow: the path a request takes through the components. Steps that branch
 * hold flows of their own.
 */
public sealed interface FlowStep {
  /** Through one component. */
  record Visit(String component) implements FlowStep {
    public Visit {
      Objects.requireNonNull(component, "component");
    }
  }

  /**
   * A cache lookup: a hit skips {@code onMiss}, a miss runs it. Written as a plain component name,
   * a hit skips the rest of the enclosing flow (a result cache answers the request).
   *
   * @param component the cache component
   * @param onMiss what a miss runs; empty means "the rest of the enclosing flow"
   */
  record Cache(String component, Optional<List<FlowStep>> onMiss) implements FlowStep {
    public Cache {
      Objects.requireNonNull(component, "component");
      onMiss = onMiss.map(List::copyOf);
    }
  }

  /**
   * Each request takes one branch, with the given probabilities (a canary, an A/B test).
   *
   * @param branches the branches; weights add up to 1
   */
  record TrafficSplit(List<Branch> branches) implements FlowStep {
    public TrafficSplit {
      branches = List.copyOf(branches);
      if (branches.size() < 2) {
        throw new IllegalArgumentException("a traffic split needs at least two branches");
      }
      double total = branches.stream().mapToDouble(Branch::weight).sum();
      if (Math.abs(total - 1) > 1e-6) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "traffic split weights must add up to 100%%, they add up to %.4g%%",
                total * 100));
      }
    }

    /** One branch of a split. */
    public record Branch(double weight, List<FlowStep> flow) {
      public Branch {
        flow = List.copyOf(flow);
        if (!(weight > 0 && weight <= 1)) {
          throw new IllegalArgumentException(
              "a branch weight must be above 0% and at most 100%, got " + weight);
        }
      }
    }
  }

  /** A copy of each request also runs {@code flow}; nobody waits for it (shadow traffic). */
  record Shadow(List<FlowStep> flow) implements FlowStep {
    public Shadow {
      flow = List.copyOf(flow);
    }
  }

  /**
   * Parallel calls: every branch runs; the request goes on when {@code waitFor} of them have
   * answered (all of them, or the first k, as hedged requests do). Branches still running then run
   * to the end; their answers are ignored.
   *
   * @param branches the parallel flows
   * @param waitFor how many answers to wait for, 1 to the number of branches
   */
  record FanOut(List<List<FlowStep>> branches, int waitFor) implements FlowStep {
    public FanOut {
      branches = branches.stream().map(List::copyOf).toList();
      if (branches.size() < 2) {
        throw new IllegalArgumentException("a fan-out needs at least two branches");
      }
      if (waitFor < 1 || waitFor > branches.size()) {
        throw new IllegalArgumentException(
            "join must wait for 1 to " + branches.size() + " branches, got " + waitFor);
      }
    }
  }

  /**
   * A deadline on {@code flow}: a request that has not come back after {@code seconds} goes on with
   * {@code fallback}, or fails without one. The late answer is ignored.
   */
  record Timeout(double seconds, List<FlowStep> flow, Optional<List<FlowStep>> fallback)
      implements FlowStep {
    public Timeout {
      flow = List.copyOf(flow);
      fallback = fallback.map(List::copyOf);
      if (!(seconds > 0) || !Double.isFinite(seconds)) {
        throw new IllegalArgumentException("a timeout must be positive, got " + seconds);
      }
    }
  }

  /**
   * Stops sending requests to a failing {@code flow}: once at least {@code failureThreshold} of the
   * last {@code window} requests failed (dropped or timed out), requests go to {@code fallback} for
   * {@code openSeconds}; then up to {@code probes} requests try the flow again, and success closes
   * the breaker.
   */
  record CircuitBreaker(
      List<FlowStep> flow,
      List<FlowStep> fallback,
      double failureThreshold,
      int window,
      double openSeconds,
      int probes)
      implements FlowStep {
    public CircuitBreaker {
      flow = List.copyOf(flow);
      fallback = List.copyOf(fallback);
      if (!(failureThreshold > 0 && failureThreshold <= 1)) {
        throw new IllegalArgumentException(
            "failure_threshold must be above 0% and at most 100%, got " + failureThreshold);
      }
      if (window < 1 || probes < 1) {
        throw new IllegalArgumentException("window and probes must be at least 1");
      }
      if (!(openSeconds > 0) || !Double.isFinite(openSeconds)) {
        throw new IllegalArgumentException("open_for must be positive, got " + openSeconds);
      }
    }
  }
}
