package dev.blueprint.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.des.Simulation;
import dev.blueprint.simulator.des.SimulationResult;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.DesignLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every shipped example loads, runs, and states its question and its answer. */
class ExampleDesignsTest {
  static Stream<Path> examples() throws Exception {
    Path folder = Path.of("..", "assets", "examples");
    return Files.list(folder).filter(p -> p.toString().endsWith(".yaml")).sorted();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void loadsRunsAndAnswersItsQuestion(Path file) {
    Design design = DesignLoader.load(file);
    assertThat(design.description()).as(file.toString()).contains("Question").contains("nswer");
    SimulationResult r = Simulation.run(design, RunOptions.defaults().withRequests(20_000));
    assertThat(r.completed()).as(file.toString()).isPositive();
    assertThat(r.latency().p99().value()).isPositive();
  }
}
