package dev.blueprint.simulator.des;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.Distribution;
import dev.blueprint.simulator.design.VectorIndexSpec;
import dev.blueprint.simulator.queueing.QueueFormulas;
import dev.blueprint.simulator.units.MoneyRate;
import org.junit.jupiter.api.Test;

/** The kinds built on stations and delays, each against what its description says it does. */
class ComponentKindsTest {
  private static SimulationResult run(
      String workload, String components, String flow, long requests) {
    Design design =
        Designs.parse(
            """
        name: kinds
        workload:
        %s
        components:
        %s
        flow: %s
        """
                .formatted(workload.indent(2), components.indent(2), flow));
    return Simulation.run(design, RunOptions.defaults().withRequests(requests));
  }

  @Test
  void aGatewayChargesItsOverheadPlusThePayloadAtTheSerializationRate() {
    SimulationResult r =
        run(
            "arrival: poisson\nrate: 10/s\npayload: 100KB",
            """
        api: {kind: gateway, protocol: rest, workers: 4}
        """,
            "[api]",
            50_000);
    // 0.35 ms + 100 kB / 250 MB/s = 0.75 ms; at 10/s on 4 workers almost nobody waits.
    assertThat(r.latency().p50()).isCloseTo(0.75e-3, within(0.75e-3 * 0.01));
    SimulationResult grpc =
        run(
            "arrival: poisson\nrate: 10/s\npayload: 100KB",
            """
        api: {kind: gateway, protocol: grpc, workers: 4}
        """,
            "[api]",
            50_000);
    assertThat(grpc.latency().p50()).isCloseTo(0.55e-3, within(0.55e-3 * 0.01));
  }

  @Test
  void aNetworkHopSendsOnePayloadAtATimeThenAddsItsLatency() {
    // 125 kB at 1 Gb/s is 1 ms on the wire: an M/D/1 queue at 60 % load, then 1 ms more.
    SimulationResult r =
        run(
            "arrival: poisson\nrate: 600/s\npayload: 125KB",
            """
        wire: {kind: network, latency: 1ms, bandwidth: 1Gb/s}
        """,
            "[wire]",
            400_000);
    double expected = QueueFormulas.mg1MeanResponse(600, 0.001, 0) + 0.001;
    assertThat(r.latency().mean().value()).isCloseTo(expected, within(expected * 0.01));
  }

  @Test
  void aFeatureStoreWaitsForTheSlowestOfItsParallelCalls() {
    // 250 keys, 100 per call: 3 calls; the slowest of three Exp(1 ms) has mean 1 + 1/2 + 1/3 ms.
    SimulationResult r =
        run(
            "arrival: poisson\nrate: 100/s",
            """
        features: {kind: feature-store, latency: 'exponential(mean=1ms)', keys: 250, batch_size: 100}
        """,
            "[features]",
            200_000);
    assertThat(r.latency().mean().value()).isCloseTo(11.0 / 6 * 1e-3, within(0.02e-3));
  }

  @Test
  void keysPerItemFollowTheRequestsItems() {
    SimulationResult r =
        run(
            "arrival: poisson\nrate: 100/s\nitems: 5",
            """
        features: {kind: feature-store, latency: 2ms, keys_per_item: 40, batch_size: 100}
        """,
            "[features]",
            20_000);
    // 200 keys: two calls of a constant 2 ms.
    assertThat(r.latency().max()).isCloseTo(2e-3, within(1e-5));
  }

  @Test
  void aVectorIndexScalesWithDimensionLogSizeAndRecall() {
    VectorIndexSpec anchor =
        new VectorIndexSpec("v", "hnsw", 1_000_000, 128, 0.95, 0, 0, 0, 1, MoneyRate.ZERO);
    assertThat(anchor.querySeconds()).isCloseTo(0.2e-3, within(1e-12));
    VectorIndexSpec big =
        new VectorIndexSpec("v", "hnsw", 10_000_000, 768, 0.99, 0, 0, 0, 1, MoneyRate.ZERO);
    assertThat(big.querySeconds()).isCloseTo(0.2e-3 * 6 * (7.0 / 6) * 2.95, within(1e-9));
    SimulationResult r =
        run(
            "arrival: poisson\nrate: 2000/s",
            """
        ann: {kind: vector-index, vectors: 1M, dimensions: 128, recall: 0.95, threads: 1}
        """,
            "[ann]",
            200_000);
    assertThat(r.latency().mean().value())
        .isCloseTo(
            QueueFormulas.mg1MeanResponse(2000, 0.2e-3, 0),
            within(0.02 * QueueFormulas.mg1MeanResponse(2000, 0.2e-3, 0)));
    assertThatThrownBy(
            () ->
                run(
                    "arrival: poisson\nrate: 1/s",
                    """
        ann: {kind: vector-index, vectors: 1M, dimensions: 128, recall: 0.999}
        """,
                    "[ann]",
                    10))
        .hasMessageContaining("recall 0.90 to 0.99");
  }

  @Test
  void streamConsumersEachServeTheirOwnPartitions() {
    // Four partitions, four consumers: four M/M/1 queues at λ/4, after the broker's latency;
    // a shared line (M/M/4) would wait far less.
    SimulationResult r =
        run(
            "arrival: poisson\nrate: 3200/s",
            """
        log: {kind: stream, partitions: 4, consumers: 4, processing: 'exponential(mean=1ms)'}
        """,
            "[log]",
            400_000);
    double broker = Distribution.LogNormal.ofMedianP99(0.002, 0.003).mean();
    double separate = QueueFormulas.mmcMeanResponse(800, 0.001, 1);
    assertThat(r.latency().mean().value())
        .isCloseTo(broker + separate, within((broker + separate) * 0.02));
    assertThat(r.component("log").details().get("max_consumer_lag")).isGreaterThan(10);
  }

  @Test
  void aPriorityStationServesTheUrgentClassFirst() {
    SimulationResult r =
        run(
            """
        arrival: poisson
        rate: 0.8/s
        classes:
          urgent: {share: 50%, priority: 0}
          bulk: {share: 50%, priority: 1}
        """,
            """
        server: {kind: station, service: 'exponential(mean=1s)', discipline: priority}
        """,
            "[server]",
            2_000_000);
    // Non-preemptive priority M/M/1 (Cobham): W0 = Σλ·E[S²]/2 = 0.8; W_urgent = W0/(1−ρ1) = 4/3;
    // W_bulk = W0/((1−ρ1)(1−ρ)) = 20/3. The mean over both classes is 4, as in FIFO.
    assertThat(r.component("server").meanWaitSeconds()).isCloseTo(4, within(0.1));
    assertThat(r.classes())
        .extracting(SimulationResult.ClassResult::name)
        .containsExactly("urgent", "bulk");
    assertThat(r.classes().get(0).latency().mean().value()).isCloseTo(4.0 / 3 + 1, within(0.05));
    assertThat(r.classes().get(1).latency().mean().value()).isCloseTo(20.0 / 3 + 1, within(0.25));
  }
}
