package dev.blueprint.tests.bench;

import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.des.Simulation;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignFiles;
import dev.blueprint.simulator.design.DesignParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine on an M/M/1 loop at 90 % load: one run of {@value #REQUESTS} measured requests (about
 * 2.2 events each) per operation, on one thread. {@link Benchmarks} turns the time per operation
 * into events per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class EngineBenchmark {
  static final long REQUESTS = 2_000_000;

  Design mm1;
  long events;

  @Setup
  public void setUp() {
    mm1 =
        new DesignParser(DesignFiles.none())
            .parse(
                """
        name: mm1
        workload: {arrival: poisson, rate: 0.9/s, warmup: 0}
        components:
          server: {kind: station, service: 'exponential(mean=1s)'}
        flow: [server]
        """,
                "mm1.yaml");
    events = Simulation.run(mm1, RunOptions.defaults().withRequests(REQUESTS)).events();
  }

  @Benchmark
  public SimulationResult mm1TwoMillionRequests() {
    return Simulation.run(mm1, RunOptions.defaults().withRequests(REQUESTS));
  }
}
