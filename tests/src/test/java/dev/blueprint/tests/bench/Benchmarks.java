package dev.blueprint.tests.bench;

import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** Runs the JMH benchmarks and prints the engine's speed in events per second on one core. */
public final class Benchmarks {
  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    Collection<RunResult> results =
        new Runner(new OptionsBuilder().include(EngineBenchmark.class.getSimpleName()).build())
            .run();
    EngineBenchmark probe = new EngineBenchmark();
    probe.setUp();
    for (RunResult r : results) {
      double millis = r.getPrimaryResult().getScore();
      double error = r.getPrimaryResult().getScoreError();
      System.out.printf(
          Locale.ROOT,
          "%nM/M/1 engine loop: %.1f ms ± %.1f per %,d requests (%,d events): "
              + "%.1f million events/s on one core (%.1f million requests/s)%n",
          millis,
          error,
          EngineBenchmark.REQUESTS,
          probe.events,
          probe.events / millis / 1e3,
          EngineBenchmark.REQUESTS / millis / 1e3);
    }
  }
}
