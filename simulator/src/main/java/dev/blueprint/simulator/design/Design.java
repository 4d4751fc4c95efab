package dev.blueprint.simulator.design;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A whole system as a design file describes it: the traffic, the components, the path requests take
 * through them, and the objectives it must meet.
 *
 * @param name a short name
 * @param description what the design answers, in prose (may be empty)
 * @param workload the traffic
 * @param components by name, in file order
 * @param flow the steps every request takes, in order
 * @param slos the objectives, in file order
 * @param origin the file it was read from, for reports
 * @param sourceSha256 the SHA-256 of the file's text, so a report names exactly what it ran (empty
 *     for designs built in code)
 */
public record Design(
    String name,
    String description,
    Workload workload,
    Map<String, ComponentSpec> components,
    List<FlowStep> flow,
    List<Slo> slos,
    String origin,
    String sourceSha256) {
  /** A design built in code, not read from a file. */
  public Design(
      String name,
      String description,
      Workload workload,
      Map<String, ComponentSpec> components,
      List<FlowStep> flow,
      List<Slo> slos,
      String origin) {
    this(name, description, workload, components, flow, slos, origin, "");
  }

  public Design {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(sourceSha256, "sourceSha256");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(workload, "workload");
    Objects.requireNonNull(origin, "origin");
    components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
    flow = List.copyOf(flow);
    slos = List.copyOf(slos);
    if (flow.isEmpty()) {
      throw new IllegalArgumentException("a design needs at least one flow step");
    }
  }

  /** The flow as a graph: the components requests reach and who hands them to whom. */
  public DesignGraph graph() {
    return DesignGraph.of(flow);
  }

  /**
   * Every component some step of the flow sends requests to, however deep (cache misses, split
   * branches, shadows, fan-outs, timeouts and their fallbacks, circuit breakers), in flow order. A
   * component not in it serves nothing.
   */
  public Set<String> componentsInFlow() {
    return graph().components();
  }
}
