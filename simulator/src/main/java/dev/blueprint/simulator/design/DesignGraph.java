package dev.blueprint.simulator.design;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A design's flow as a graph of components: which components requests reach, and which component
 * hands requests to which. A plain flow is a chain; a step that branches (a cache's misses, a
 * traffic split, a fan-out, a timeout or circuit breaker with its fallback) is joined from what
 * came before to each branch's first component and from each branch's last to what follows; a
 * shadow copy branches off and rejoins nothing. Shared by the simulation (which components serve
 * nothing) and the workbench (what the canvas draws); built from the steps the parser read, so a
 * design with problems elsewhere still has a graph.
 *
 * @param components every component some step sends requests to, in flow order
 * @param edges hand-overs in flow order, without self-loops (a component that follows itself)
 */
public record DesignGraph(Set<String> components, List<Edge> edges) {
  /** No flow read. */
  public static final DesignGraph EMPTY = new DesignGraph(Set.of(), List.of());

  /** Requests go from one component to the next. */
  public record Edge(String from, String to) {
    public Edge {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(to, "to");
    }
  }

  public DesignGraph {
    components = Collections.unmodifiableSet(new LinkedHashSet<>(components));
    edges = List.copyOf(edges);
  }

  /** The graph of a flow. */
  public static DesignGraph of(List<FlowStep> flow) {
    Set<String> components = new LinkedHashSet<>();
    List<Edge> edges = new ArrayList<>();
    chain(flow, List.of(), components, edges);
    return new DesignGraph(components, edges);
  }

  /** Walks steps in order; returns the components the flow leaves from. */
  private static List<String> chain(
      List<FlowStep> steps, List<String> previous, Set<String> nodes, List<Edge> edges) {
    List<String> last = previous;
    for (FlowStep step : steps) {
      last = step(step, last, nodes, edges);
    }
    return last;
  }

  private static List<String> step(
      FlowStep step, List<String> previous, Set<String> nodes, List<Edge> edges) {
    List<String> exits = new ArrayList<>();
    if (step instanceof FlowStep.Visit v) {
      link(previous, v.component(), nodes, edges);
      return List.of(v.component());
    } else if (step instanceof FlowStep.Cache c) {
      // A hit goes on (or skips the rest); a miss runs on_miss first.
      link(previous, c.component(), nodes, edges);
      exits.add(c.component());
      c.onMiss().ifPresent(f -> exits.addAll(chain(f, List.of(c.component()), nodes, edges)));
      return exits;
    } else if (step instanceof FlowStep.Shadow sh) {
      // A copy runs on the side; the request itself goes on from where it was.
      chain(sh.flow(), previous, nodes, edges);
      return previous;
    } else if (step instanceof FlowStep.TrafficSplit t) {
      t.branches().forEach(b -> exits.addAll(chain(b.flow(), previous, nodes, edges)));
    } else if (step instanceof FlowStep.FanOut f) {
      f.branches().forEach(b -> exits.addAll(chain(b, previous, nodes, edges)));
    } else if (step instanceof FlowStep.Timeout t) {
      // The guarded flow, and the fallback taken instead when it times out.
      exits.addAll(chain(t.flow(), previous, nodes, edges));
      t.fallback().ifPresent(f -> exits.addAll(chain(f, previous, nodes, edges)));
    } else if (step instanceof FlowStep.CircuitBreaker b) {
      exits.addAll(chain(b.flow(), previous, nodes, edges));
      exits.addAll(chain(b.fallback(), previous, nodes, edges));
    }
    return exits.isEmpty() ? previous : exits;
  }

  private static void link(List<String> from, String to, Set<String> nodes, List<Edge> edges) {
    nodes.add(to);
    for (String f : from) {
      if (!f.equals(to)) {
        edges.add(new Edge(f, to));
      }
    }
  }
}
