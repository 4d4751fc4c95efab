package dev.blueprint.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.simulator.des.RunOptions;
import dev.blueprint.simulator.design.DesignSource;
import dev.blueprint.simulator.whatif.Constraint;
import dev.blueprint.simulator.whatif.Metric;
import dev.blueprint.simulator.whatif.Optimization;
import dev.blueprint.simulator.whatif.Optimizer;
import dev.blueprint.simulator.whatif.Screen;
import dev.blueprint.simulator.whatif.Sweep;
import dev.blueprint.simulator.whatif.TrafficWhatIf;
import dev.blueprint.simulator.whatif.Variation;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's optimisation: a cheaper ad-click design that still keeps p99 under 10 ms. */
class AdClickOptimizeTest {
  @Test
  void findsACheaperDesignThatMeetsTheBoundWithoutSimulatingTheGrid() {
    DesignSource source = DesignSource.read(Path.of("..", "assets", "examples", "ad-click.yaml"));
    double asWritten = Screen.of(source.parse()).exact(Metric.COST_PER_MONTH).orElseThrow();
    Sweep space =
        new Sweep(
            source,
            List.of(
                Variation.parse(
                    "components.ranker.hardware=nvidia-t4,nvidia-l4,nvidia-a10g,nvidia-a100-sxm-80gb"),
                Variation.parse("components.ranker.replicas=2..6"),
                Variation.parse("components.gateway.workers=352..512:32")),
            TrafficWhatIf.NONE,
            RunOptions.defaults().withRequests(300_000));
    Optimization o =
        new Optimizer(
                space, Metric.COST_PER_MONTH, true, List.of(Constraint.parse("p99_ms<=10")), 2)
            .run(r -> {});
    assertThat(o.chosen()).isPresent();
    assertThat(o.objectiveValue().orElseThrow().value()).isLessThan(asWritten * 0.9);
    assertThat(o.constraints().get(0).met()).isTrue();
    assertThat(o.constraints().get(0).value()).isLessThanOrEqualTo(10);
    assertThat(o.simulations()).isLessThan(space.points().size() / 10);
  }
}
