package dev.blueprint.simulator.testing;

/** Small, valid profile texts that tests vary one field at a time. */
public final class Profiles {
  private Profiles() {}

  /** A complete minimal GPU profile with the id {@code test-gpu}. */
  public static final String MINIMAL_GPU =
      """
      id: test-gpu
      name: Test GPU
      kind: gpu
      vendor: Test
      sources:
        sheet: "a datasheet"
      compute:
        source: sheet
        fp32: 50TFLOPS
        bf16: 400TFLOPS
      memory:
        source: sheet
        capacity: 40GB
        bandwidth: 2TB/s
      power:
        source: sheet
        tdp: 400W
      prices:
        - provider: Test Cloud
          offer: one-gpu
          read_on: 2026-11-01
          source: sheet
          on_demand: $2/h
      """;
}
