package dev.blueprint.edge.coordinator.fl.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.coordinator.fl.Aggregation;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask.Evaluation;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask.Population;
import dev.blueprint.edge.fl.UpdateEncoding;
import dev.blueprint.edge.fl.train.TrainingSettings;
import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FederatedTaskParserTest {
  static final Path EXAMPLE = Path.of("..", "..", "assets", "examples", "fl", "wisdm-by-user.yaml");
  static final Path BASE = Path.of("/tasks");

  static final String MINIMAL =
      """
      id: t
      model: wisdm-mlp
      population: {devices: [a, b, c]}
      rounds: 5
      clients_per_round: 2
      """;

  static FederatedTask parse(String text) {
    return FederatedTaskParser.parse(text, "t.yaml", BASE);
  }

  static List<Problem> problems(String text) {
    try {
      parse(text);
    } catch (InvalidInputException e) {
      return e.problems();
    }
    throw new AssertionError("expected problems in:\n" + text);
  }

  @Test
  void theShippedExampleReadsEveryField() throws Exception {
    FederatedTask t = FederatedTaskParser.read(EXAMPLE);
    assertThat(t.id()).isEqualTo("wisdm-by-user");
    assertThat(t.model()).isEqualTo("wisdm-mlp");
    assertThat(t.population())
        .isEqualTo(
            new Population(Population.By.HARDWARE, List.of("raspberry-pi-5", "raspberry-pi-4b")));
    assertThat(t.rounds()).isEqualTo(100);
    assertThat(t.clientsPerRound()).isEqualTo(10);
    assertThat(t.clientsAsked()).isEqualTo(13);
    assertThat(t.updatesNeeded()).isEqualTo(8);
    assertThat(t.roundDeadline()).isEqualTo(Duration.ofMinutes(10));
    assertThat(t.strategy()).isEqualTo(t.newOptimizer().word());
    assertThat(t.newOptimizer().proximalMu()).isEqualTo(0.01);
    assertThat(t.aggregation()).isEqualTo(new Aggregation.TrimmedMean(0.1));
    assertThat(t.encoding()).isEqualTo(UpdateEncoding.INT8);
    assertThat(t.evaluation().orElseThrow().kind()).isEqualTo(Evaluation.Kind.WISDM);
    assertThat(t.evaluation().orElseThrow().data())
        .endsWith(Path.of("shared", "data", "wisdm-har"));
    assertThat(t.targetAccuracy().getAsDouble()).isEqualTo(0.67);
    assertThat(t.seed()).isEqualTo(7);
    assertThat(t.trainingConditions().requirePower()).isTrue();
    assertThat(t.trainingConditions().idleLoadPerCore()).isEqualTo(0.5);
    assertThat(t.training(new TrainingSettings(5, 8, 0.1, 0, 0.001, 0)))
        .isEqualTo(new TrainingSettings(2, 32, 0.02, 0.9, 0, 0.01));
  }

  @Test
  void theDocumentedExampleIsTheShippedExample() throws Exception {
    String doc = Files.readString(Path.of("..", "..", "docs", "federated.md"));
    int section = doc.indexOf("## Task files");
    int start = doc.indexOf("```yaml\n", section) + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));
    FederatedTask documented =
        FederatedTaskParser.parse(yaml, "wisdm-by-user.yaml", EXAMPLE.toAbsolutePath().getParent());
    assertThat(documented).isEqualTo(FederatedTaskParser.read(EXAMPLE));
  }

  @Test
  void aMinimalFileTakesTheDocumentedDefaults() {
    FederatedTask t = parse(MINIMAL);
    assertThat(t.strategy()).isEqualTo("fedavg");
    assertThat(t.aggregation()).isEqualTo(new Aggregation.Mean());
    assertThat(t.encoding()).isEqualTo(UpdateEncoding.FLOAT32);
    assertThat(t.overSelection()).isEqualTo(FederatedTaskParser.DEFAULT_OVER_SELECTION);
    assertThat(t.minCompletion()).isEqualTo(FederatedTaskParser.DEFAULT_MIN_COMPLETION);
    assertThat(t.roundDeadline()).isEqualTo(FederatedTaskParser.DEFAULT_ROUND_DEADLINE);
    assertThat(t.seed()).isEqualTo(FederatedTaskParser.DEFAULT_SEED);
    assertThat(t.evaluation()).isEmpty();
    assertThat(t.targetAccuracy()).isEmpty();
    TrainingSettings defaults = new TrainingSettings(3, 16, 0.05, 0.5, 0.001, 0);
    assertThat(t.training(defaults)).isEqualTo(defaults);
  }

  @Test
  void aBpmModelIsResolvedAgainstTheTaskFilesFolder() {
    FederatedTask t = parse(MINIMAL.replace("model: wisdm-mlp", "model: models/start.bpm"));
    assertThat(t.model()).isEqualTo(BASE.resolve("models/start.bpm").toString());
  }

  @Test
  void everyMistakeIsReportedAtOnceWithLineColumnAndField() {
    String text =
        """
        id: t
        model: wisdm-mlp
        population: {devices: [a, b, c]}
        rounds: 5
        clients_per_rnd: 2
        round_deadline: 10 minutes
        strategy: fedadam:beta1=1
        aggregation: krum:x
        encoding: int4
        local: {lr: -0.1}
        """;
    List<Problem> p = problems(text);
    assertThat(p)
        .extracting(Problem::toString)
        .contains(
            "t.yaml:1:1: field 'clients_per_round': required field is missing",
            "t.yaml:5:1: field 'clients_per_rnd': unknown field; did you mean 'clients_per_round'?",
            "t.yaml:7:11: field 'strategy': strategy 'fedadam:beta1=1': beta1 must be at least 0"
                + " and below 1, got 1",
            "t.yaml:9:11: field 'encoding': unknown update encoding 'int4'; known: float32, int8,"
                + " top-k:FRACTION, int8+top-k:FRACTION",
            "t.yaml:10:13: field 'local.lr': learning rate must be positive, got -0.1");
    assertThat(p)
        .anySatisfy(
            q -> assertThat(q.toString()).startsWith("t.yaml:6:17: field 'round_deadline': "));
    assertThat(p)
        .anySatisfy(
            q ->
                assertThat(q.toString())
                    .startsWith("t.yaml:8:14: field 'aggregation': aggregation 'krum:x'"));
  }

  @Test
  void strategyAndAggregationAlsoTakeTheMapForm() {
    FederatedTask t =
        parse(
            MINIMAL
                + "strategy: {name: fedadam, eta: 0.05}\n"
                + "aggregation: {name: trimmed-mean, beta: 0.1}\n");
    assertThat(t.newOptimizer().word()).isEqualTo(t.strategy());
    assertThat(t.strategy()).startsWith("fedadam").contains("eta=0.05");
    assertThat(t.aggregation()).isEqualTo(new Aggregation.TrimmedMean(0.1));
    assertThat(problems(MINIMAL + "strategy: {name: fedprox, nu: 0.01}\n"))
        .extracting(Problem::toString)
        .containsExactly(
            "t.yaml:6:11: field 'strategy': strategy 'fedprox:nu=0.01': unknown parameter 'nu';"
                + " fedprox takes mu");
    assertThat(problems(MINIMAL + "strategy: {mu: 0.01}\n"))
        .extracting(Problem::toString)
        .containsExactly("t.yaml:6:11: field 'strategy.name': required field is missing");
  }

  @Test
  void aPopulationNamesExactlyOneNonEmptyListWithoutRepeats() {
    assertThat(problems(MINIMAL.replace("{devices: [a, b, c]}", "{devices: [a], labels: [x]}")))
        .extracting(Problem::message)
        .contains("give only one of devices, labels or hardware, got [devices, labels]");
    assertThat(problems(MINIMAL.replace("{devices: [a, b, c]}", "{}")))
        .extracting(Problem::message)
        .contains("give one of devices, labels or hardware, each a list");
    assertThat(problems(MINIMAL.replace("{devices: [a, b, c]}", "{devices: [a, a, b]}")))
        .extracting(Problem::message)
        .contains("'a' is listed twice");
    assertThat(problems(MINIMAL.replace("{devices: [a, b, c]}", "{hardwar: [pi]}")))
        .extracting(Problem::message)
        .contains("unknown field; did you mean 'hardware'?");
    assertThat(problems(MINIMAL.replace("{devices: [a, b, c]}", "{devices: [a]}")))
        .extracting(Problem::toString)
        .contains(
            "t.yaml:5:20: field 'clients_per_round': the population lists 1 devices, fewer than"
                + " 2 clients per round");
  }

  @Test
  void roundsComeFromTheTopOrFromStopButNotBoth() {
    String noRounds = MINIMAL.replace("rounds: 5\n", "");
    assertThat(parse(noRounds + "stop: {rounds: 9}\n").rounds()).isEqualTo(9);
    assertThat(problems(noRounds))
        .extracting(Problem::toString)
        .contains("t.yaml:1:1: field 'rounds': required field is missing");
    assertThat(problems(MINIMAL + "stop: {rounds: 9}\n"))
        .extracting(Problem::message)
        .containsExactly("rounds is given twice, at the top and under stop; keep one");
    assertThat(problems(MINIMAL.replace("rounds: 5", "rounds: 0")))
        .extracting(Problem::message)
        .containsExactly("must be a whole number of at least 1, got 0");
  }

  @Test
  void aTargetAccuracyNeedsAnEvaluationSetAndIsAFraction() {
    assertThat(problems(MINIMAL + "stop: {target_accuracy: 0.9}\n"))
        .extracting(Problem::message)
        .containsExactly("a target accuracy needs an evaluation set: add evaluation: {data, kind}");
    String withEval = MINIMAL + "evaluation: {data: held-out, kind: fashion-mnist}\n";
    assertThat(problems(withEval + "stop: {target_accuracy: 67}\n"))
        .extracting(Problem::message)
        .containsExactly("must be a fraction above 0 and at most 1 (0.67 = 67 %), got 67.0");
    FederatedTask t = parse(withEval + "stop: {target_accuracy: 0.9}\n");
    assertThat(t.evaluation().orElseThrow())
        .isEqualTo(new Evaluation(BASE.resolve("held-out"), Evaluation.Kind.FASHION_MNIST));
    assertThat(problems(MINIMAL + "evaluation: {data: d, kind: mnist}\n"))
        .extracting(Problem::message)
        .containsExactly("expected wisdm or fashion-mnist, got 'mnist'");
  }

  @Test
  void sharesAndKrumAreCheckedAgainstTheRound() {
    assertThat(problems(MINIMAL + "min_completion: 1.5\nover_selection: -0.1\n"))
        .extracting(Problem::field)
        .containsExactlyInAnyOrder("min_completion", "over_selection");
    // 2 clients per round can never give krum:1 its 2f + 3 = 5 updates.
    assertThat(problems(MINIMAL + "aggregation: krum:1\n"))
        .extracting(Problem::message)
        .containsExactly(
            "krum:1 needs at least 5 updates per round (n ≥ 2f + 3), but clients_per_round ×"
                + " min_completion lets a round aggregate 2");
  }

  @Test
  void trainingConditionsMapOntoTheAgentsRecord() {
    FederatedTask t =
        parse(MINIMAL + "training_conditions: {power: false, idle_load_per_core: 0.8}\n");
    assertThat(t.trainingConditions().requirePower()).isFalse();
    assertThat(t.trainingConditions().requireUnmetered()).isTrue();
    assertThat(t.trainingConditions().idleLoadPerCore()).isEqualTo(0.8);
    assertThat(problems(MINIMAL + "training_conditions: {idle_load_per_core: 0, power: maybe}\n"))
        .extracting(Problem::message)
        .containsExactlyInAnyOrder(
            "idle load per core must be positive, got 0.0", "expected true or false, got 'maybe'");
  }

  @Test
  void anIdMustMatchTheFileName() {
    assertThatThrownBy(() -> FederatedTaskParser.parse(MINIMAL, "other.yaml", BASE))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("the id 't' must match the file name 'other.yaml'");
  }
}
