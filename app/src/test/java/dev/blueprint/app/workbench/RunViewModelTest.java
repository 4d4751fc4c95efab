package dev.blueprint.app.workbench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The main run without a window: plain JUnit, the simulation runs inline. */
class RunViewModelTest {
  private static final String STATION =
      """
      name: pool
      workload:
        arrival: poisson
        rate: 20/s
      components:
        pool:
          kind: station
          servers: 6
          service: exponential(mean=200ms)
          cost: $1/h
      flow: [pool]
      """;

  private final RunViewModel model = new RunViewModel(new DirectTaskRunner(), 200_000);
  private final List<RunViewModel.Outcome> outcomes = new ArrayList<>();

  RunViewModelTest() {
    model
        .outcomeProperty()
        .addListener((o, was, now) -> Optional.ofNullable(now).ifPresent(outcomes::add));
  }

  private static DesignDocument document(String text) {
    return DesignDocument.fromText(text, DesignDocument.contextFor(Optional.empty()));
  }

  @Test
  void theRequestsAreCheckedAsTheyAreTyped() {
    assertThat(model.requestsProblemProperty().get()).isEmpty();
    model.requestsTextProperty().set("many");
    assertThat(model.requestsProblemProperty().get())
        .isEqualTo("requests: a positive whole number, got 'many'");
    model.requestsTextProperty().set("0");
    assertThat(model.requestsProblemProperty().get()).isNotEmpty();
    model.requestsTextProperty().set("12,000");
    assertThat(model.requestsProblemProperty().get()).isEmpty();
    assertThat(RunViewModel.parseRequests("1_000")).hasValue(1000);
  }

  @Test
  void aRunEndsWithItsResultProgressAndAStatusLine() {
    model.requestsTextProperty().set("2,000");
    DesignDocument doc = document(STATION);
    assertThat(model.run(doc)).isEqualTo("running…");
    assertThat(model.isRunning()).isFalse();
    assertThat(model.progressProperty().get()).isEqualTo(1.0);
    assertThat(outcomes).hasSize(1);
    RunViewModel.Outcome out = outcomes.get(0);
    assertThat(out.result()).isPresent();
    assertThat(out.result().get().requests()).isEqualTo(2_000);
    assertThat(out.message()).startsWith("simulated 2,000 requests in ");
    assertThat(out.ran()).isSameAs(doc);

    model.run(doc);
    assertThat(outcomes).as("a second, alike run is seen too").hasSize(2);
  }

  @Test
  void nothingRunsForADesignThatDoesNotLoadOrBadRequests() {
    assertThat(model.run(document(STATION.replace("servers: 6", "servers: -6"))))
        .startsWith("the design does not load: ");
    model.requestsTextProperty().set("lots");
    assertThat(model.run(document(STATION)))
        .isEqualTo("requests: a positive whole number, got 'lots'");
    assertThat(outcomes).isEmpty();
    assertThat(model.isRunning()).isFalse();
  }
}
