package dev.blueprint.simulator.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.model.ModelCatalog;
import dev.blueprint.simulator.perf.BatchServing;
import dev.blueprint.simulator.queueing.QueueFormulas;
import dev.blueprint.simulator.units.Precision;
import org.junit.jupiter.api.Test;

/** The model server against what its batches must take and queueing theory. */
class ModelServerTest {
  private final BatchServing resnetOnT4 =
      new BatchServing(
          ModelCatalog.shipped().get("resnet-50"),
          HardwareCatalog.shipped().get("nvidia-t4"),
          Precision.INT8,
          1);

  private static Design server(String rate, String batching, String extra) {
    return Designs.parse(
        """
        name: serve
        workload:
          arrival: poisson
          rate: %s
        components:
          model:
            kind: model-server
            model: resnet-50
            hardware: nvidia-t4
            precision: int8
            batching: %s
        %s
        flow: [model]
        """
            .formatted(rate, batching, extra.indent(4)));
  }

  @Test
  void withoutBatchingItIsAnMd1QueueWhoseServiceIsTheRooflineTimeOfOneSample() {
    double s = resnetOnT4.batchSeconds(1);
    double rate = 0.7 / s;
    Design design = server(rate + "/s", "none", "");
    SimulationResult r = Simulation.run(design, RunOptions.defaults().withRequests(1_000_000));
    double exact = QueueFormulas.mg1MeanResponse(rate, s, 0);
    assertThat(r.latency().mean().value()).isCloseTo(exact, within(exact * 0.01));
    assertThat(r.component("model").utilization()).isCloseTo(0.7, within(0.01));
  }

  @Test
  void atLowLoadDynamicBatchingWaitsTheQueueDelayForEachLoneRequest() {
    // Requests 100 ms apart never share a batch: each waits the 5 ms delay, then runs alone.
    SimulationResult r =
        Simulation.run(
            server("10/s", "dynamic", "max_batch: 32\nmax_queue_delay: 5ms"),
            RunOptions.defaults().withRequests(100_000));
    double expected = 0.005 + resnetOnT4.batchSeconds(1);
    assertThat(r.latency().p50()).isCloseTo(expected, within(expected * 0.01));
    assertThat(r.component("model").details().get("mean_batch_samples")).isLessThan(1.1);
  }

  @Test
  void underHeavyLoadDynamicBatchesFillUp() {
    double full = resnetOnT4.batchSeconds(32);
    double rate = 0.9 * 32 / full; // nearly what full batches can carry
    SimulationResult r =
        Simulation.run(
            server(rate + "/s", "dynamic", "max_batch: 32\nmax_queue_delay: 2ms"),
            RunOptions.defaults().withRequests(500_000));
    // A saturated batcher settles where each batch carries what arrived during the last one:
    // b = λ·S(b). Poisson bursts scatter the sizes around that point.
    double lo = 1;
    double hi = 32;
    for (int i = 0; i < 60; i++) {
      double mid = (lo + hi) / 2;
      if (mid < rate * resnetOnT4.batchSeconds(mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    double fixedPoint = lo;
    assertThat(r.component("model").details().get("mean_batch_samples"))
        .isCloseTo(fixedPoint, within(fixedPoint * 0.25));
    assertThat(r.component("model").utilization()).isGreaterThan(0.85);
    assertThat(r.throughput().value()).isCloseTo(rate, within(rate * 0.01));
  }

  @Test
  void staticBatchingWaitsForFullBatches() {
    // Batches of 8 form every 8/λ seconds: a request waits (8 − 1)/(2λ) on average for its
    // batch to fill, then the batch's service (the server is never the bottleneck here).
    double rate = 50;
    SimulationResult r =
        Simulation.run(
            server(rate + "/s", "static", "max_batch: 8"),
            RunOptions.defaults().withRequests(200_000));
    double expected = 7 / (2 * rate) + resnetOnT4.batchSeconds(8);
    assertThat(r.latency().mean().value()).isCloseTo(expected, within(expected * 0.02));
    assertThat(r.component("model").details().get("mean_batch_samples")).isEqualTo(8.0);
  }

  @Test
  void requestsOfSeveralItemsFillBatchesBySamples() {
    Design design =
        Designs.parse(
            """
        name: items
        workload:
          arrival: poisson
          rate: 20/s
          items: 4
        components:
          model:
            kind: model-server
            model: resnet-50
            hardware: nvidia-t4
            precision: int8
            batching: static
            max_batch: 16
        flow: [model]
        """);
    SimulationResult r = Simulation.run(design, RunOptions.defaults().withRequests(100_000));
    assertThat(r.component("model").details().get("mean_batch_samples")).isEqualTo(16.0);
  }

  @Test
  void aBatchThatCannotFitIsADesignError() {
    assertThatThrownBy(
            () ->
                Designs.parse(
                    """
        name: big
        workload: {arrival: poisson, rate: 1/s}
        components:
          model: {kind: model-server, model: llama-2-70b, hardware: nvidia-t4, precision: fp16}
        flow: [model]
        """))
        .hasMessageContaining("field 'components.model.model': does not fit");
    assertThatThrownBy(
            () ->
                Designs.parse(
                    """
        name: unknown
        workload: {arrival: poisson, rate: 1/s}
        components:
          model: {kind: model-server, model: resnet-5O, hardware: nvidia-t4x, precision: int8}
        flow: [model]
        """))
        .hasMessageContaining("field 'components.model.model'")
        .hasMessageContaining("resnet-50")
        .hasMessageContaining("field 'components.model.hardware'")
        .hasMessageContaining("nvidia-t4");
  }
}
