package dev.blueprint.simulator.design;

import java.util.Objects;

/** One step of a design's flow: the path a request takes through the components. */
public sealed interface FlowStep {
  /** Through one component. */
  record Visit(String component) implements FlowStep {
    public Visit {
      Objects.requireNonNull(component, "component");
    }
  }
}
