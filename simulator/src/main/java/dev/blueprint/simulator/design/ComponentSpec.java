package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.MoneyRate;

/** One component of a design: what it is, how long it takes, what it costs. */
public sealed interface ComponentSpec
    permits StationSpec,
        ModelServerSpec,
        CacheSpec,
        GatewaySpec,
        NetworkSpec,
        FeatureStoreSpec,
        VectorIndexSpec,
        StreamSpec,
        LlmServerSpec,
        AutoscalerSpec {
  /** The name the flow refers to it by. */
  String name();

  /** The kind as the design file writes it ({@code station}). */
  String kind();

  /** What the component costs while it runs, at its configured size. */
  MoneyRate cost();
}
