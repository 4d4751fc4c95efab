package dev.blueprint.edge.coordinator.fl.task;

import dev.blueprint.edge.coordinator.fl.Aggregation;
import dev.blueprint.edge.coordinator.fl.ServerOptimizer;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask.Evaluation;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask.LocalTraining;
import dev.blueprint.edge.coordinator.fl.task.FederatedTask.Population;
import dev.blueprint.edge.fl.TrainingConditions;
import dev.blueprint.edge.fl.UpdateEncoding;
import dev.blueprint.edge.fl.train.StarterModels;
import dev.blueprint.edge.fl.train.TrainingSettings;
import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
import dev.blueprint.simulator.io.YamlDocument;
import dev.blueprint.simulator.io.YamlMap;
import dev.blueprint.simulator.units.TimeSpan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a federated task file (docs/federated.md, "Task files"). Every problem in the file is
 * reported at once, each as {@code file:line:column: field 'x': message}; unknown keys are problems
 * with the nearest known key as a suggestion. Words are checked by the parsers the engine uses, and
 * their messages are reported at the word's line and column.
 */
public final class FederatedTaskParser {
  /** The seed when the file gives none: the same as {@code fl simulate}'s. */
  public static final long DEFAULT_SEED = 1;

  /** Devices asked beyond {@code clients_per_round} when the file says nothing: 30 % more. */
  public static final double DEFAULT_OVER_SELECTION = 0.3;

  /** The share of {@code clients_per_round} a round needs when the file says nothing. */
  public static final double DEFAULT_MIN_COMPLETION = 0.8;

  /** How long a round waits when the file says nothing. */
  public static final Duration DEFAULT_ROUND_DEADLINE = Duration.ofMinutes(10);

  private FederatedTaskParser() {}

  /**
   * Reads a task file; relative paths in it ({@code model}, {@code evaluation.data}) are resolved
   * against its folder.
   *
   * @throws IOException if the file cannot be read
   * @throws InvalidInputException with every problem in the file
   */
  public static FederatedTask read(Path file) throws IOException {
    Path base = file.toAbsolutePath().getParent();
    return parse(Files.readString(file), file.toString(), base);
  }

  /**
   * Reads task-file text.
   *
   * @param origin the file name as the user knows it, for messages; an id must equal the file name
   *     when it ends in {@code .yaml}
   * @param base the folder relative paths are resolved against
   * @throws InvalidInputException with every problem in the text
   */
  public static FederatedTask parse(String text, String origin, Path base) {
    YamlDocument doc = YamlDocument.parse(text, origin);
    Optional<YamlMap> root = doc.root();
    if (root.isEmpty()) {
      doc.finish();
      throw InvalidInputException.of(
          new Problem(origin, 0, 0, "", "expected a mapping of keys to values"));
    }
    return new Reading(doc, root.get(), origin, base).task();
  }

  /** One file being read: the fields found so far, with fallbacks so reading can go on. */
  private static final class Reading {
    private final YamlDocument doc;
    private final YamlMap m;
    private final String origin;
    private final Path base;

    Reading(YamlDocument doc, YamlMap m, String origin, Path base) {
      this.doc = doc;
      this.m = m;
      this.origin = origin;
      this.base = base;
    }

    FederatedTask task() {
      String id = m.requireId(origin);
      String model = model();
      Optional<Population> population = population();
      Optional<YamlMap> stop = m.map("stop");
      int rounds = rounds(stop);
      int clientsPerRound = atLeast(m, "clients_per_round", 1, true).orElse(1);
      population
          .filter(p -> p.by() == Population.By.DEVICES && clientsPerRound > p.values().size())
          .ifPresent(
              p ->
                  m.problem(
                      "clients_per_round",
                      "the population lists "
                          + p.values().size()
                          + " devices, fewer than "
                          + clientsPerRound
                          + " clients per round"));
      double overSelection =
          m.number("over_selection")
              .filter(x -> check(m, "over_selection", x >= 0, "must be 0 or more, got " + x))
              .orElse(DEFAULT_OVER_SELECTION);
      double minCompletion =
          m.number("min_completion")
              .filter(
                  x ->
                      check(
                          m,
                          "min_completion",
                          x > 0 && x <= 1,
                          "must be a share above 0 and at most 1 (0.8 = 80 %), got " + x))
              .orElse(DEFAULT_MIN_COMPLETION);
      Duration deadline =
          m.value("round_deadline", TimeSpan::parse)
              .filter(
                  t ->
                      check(
                          m,
                          "round_deadline",
                          t.seconds() > 0,
                          "must be longer than 0, such as 10min"))
              .map(t -> Duration.ofNanos((long) Math.min(t.seconds() * 1e9, Long.MAX_VALUE)))
              .orElse(DEFAULT_ROUND_DEADLINE);
      LocalTraining local = m.map("local").map(Reading::local).orElse(LocalTraining.DEFAULTS);
      String strategy = word(m, "strategy", w -> ServerOptimizer.parse(w).word()).orElse("fedavg");
      Aggregation aggregation =
          word(m, "aggregation", Aggregation::parse).orElse(new Aggregation.Mean());
      int needed = Math.max(1, (int) Math.ceil(clientsPerRound * minCompletion - 1e-9));
      krumFloor(aggregation)
          .ifPresent(
              f -> {
                if (needed < f) {
                  m.problem(
                      "aggregation",
                      aggregation.word()
                          + " needs at least "
                          + f
                          + " updates per round (n ≥ 2f + 3), but clients_per_round × min_completion"
                          + " lets a round aggregate "
                          + needed);
                }
              });
      UpdateEncoding encoding =
          m.value("encoding", UpdateEncoding::parse).orElse(UpdateEncoding.FLOAT32);
      Optional<Evaluation> evaluation = m.map("evaluation").flatMap(this::evaluation);
      OptionalDouble target = OptionalDouble.empty();
      if (stop.isPresent()) {
        YamlMap s = stop.get();
        Optional<Double> t =
            s.number("target_accuracy")
                .filter(
                    x ->
                        check(
                            s,
                            "target_accuracy",
                            x > 0 && x <= 1,
                            "must be a fraction above 0 and at most 1 (0.67 = 67 %), got " + x));
        if (t.isPresent()) {
          target = OptionalDouble.of(t.get());
          if (!m.has("evaluation")) {
            s.problem(
                "target_accuracy",
                "a target accuracy needs an evaluation set: add evaluation: {data, kind}");
          }
        }
        s.finish();
      }
      long seed = m.value("seed", FederatedTaskParser::parseSeed).orElse(DEFAULT_SEED);
      TrainingConditions conditions =
          m.map("training_conditions")
              .map(TrainingConditions::read)
              .orElse(TrainingConditions.DEFAULT);
      m.finish();
      doc.finish();
      return new FederatedTask(
          id,
          model,
          population.orElseThrow(),
          rounds,
          clientsPerRound,
          overSelection,
          minCompletion,
          deadline,
          local,
          strategy,
          aggregation,
          encoding,
          evaluation,
          target,
          seed,
          conditions);
    }

    private String model() {
      String model = m.requireString("model");
      if (model.isEmpty()) {
        return model;
      }
      if (model.endsWith(".bpm")) {
        return base == null ? model : base.resolve(model).normalize().toString();
      }
      if (!model.equals(StarterModels.NIID_CNN) && !YamlMap.ID.matcher(model).matches()) {
        m.problem(
            "model",
            "expected a shipped model name such as wisdm-mlp, "
                + StarterModels.NIID_CNN
                + ", or a .bpm file, got '"
                + model
                + "'");
      }
      return model;
    }

    private Optional<Population> population() {
      Optional<YamlMap> map = m.requireMap("population");
      if (map.isEmpty()) {
        return Optional.empty();
      }
      YamlMap p = map.get();
      List<Population.By> given = new ArrayList<>();
      for (Population.By by : Population.By.values()) {
        if (p.has(by.key())) {
          given.add(by);
        }
      }
      Optional<Population> result = Optional.empty();
      if (given.isEmpty()) {
        doc.problem(p.node(), p.path(), "give one of devices, labels or hardware, each a list");
      } else if (given.size() > 1) {
        doc.problem(
            p.node(),
            p.path(),
            "give only one of devices, labels or hardware, got "
                + given.stream().map(Population.By::key).toList());
      } else {
        Population.By by = given.get(0);
        List<String> values =
            p.valueList(
                by.key(),
                v -> {
                  if (v.isBlank()) {
                    throw new IllegalArgumentException("expected a name, got an empty value");
                  }
                  return v.strip();
                });
        Set<String> seen = new HashSet<>();
        for (String v : values) {
          if (!seen.add(v)) {
            p.problem(by.key(), "'" + v + "' is listed twice");
          }
        }
        if (values.isEmpty()) {
          p.problem(by.key(), "list at least one of " + by.key());
        } else {
          result = Optional.of(new Population(by, values));
        }
      }
      p.finish();
      return result;
    }

    private int rounds(Optional<YamlMap> stop) {
      Optional<Integer> top = atLeast(m, "rounds", 1, false);
      Optional<Integer> under = stop.flatMap(s -> atLeast(s, "rounds", 1, false));
      boolean topGiven = m.has("rounds");
      boolean underGiven = stop.map(s -> s.has("rounds")).orElse(false);
      if (topGiven && underGiven) {
        stop.get().problem("rounds", "rounds is given twice, at the top and under stop; keep one");
      } else if (!topGiven && !underGiven) {
        m.missing("rounds");
      }
      return top.or(() -> under).orElse(1);
    }

    private static LocalTraining local(YamlMap l) {
      // Each value is checked by TrainingSettings itself, with the others at valid placeholders,
      // so the task file and the trainer accept the same ranges and say so in the same words.
      OptionalInt epochs = settingInt(l, "epochs", e -> new TrainingSettings(e, 1, 0.01, 0, 0, 0));
      OptionalInt batch = settingInt(l, "batch", b -> new TrainingSettings(1, b, 0.01, 0, 0, 0));
      OptionalDouble lr = settingDouble(l, "lr", x -> new TrainingSettings(1, 1, x, 0, 0, 0));
      OptionalDouble momentum =
          settingDouble(l, "momentum", x -> new TrainingSettings(1, 1, 0.01, x, 0, 0));
      OptionalDouble decay =
          settingDouble(l, "weight_decay", x -> new TrainingSettings(1, 1, 0.01, 0, x, 0));
      l.finish();
      return new LocalTraining(epochs, batch, lr, momentum, decay);
    }

    private static OptionalInt settingInt(
        YamlMap l, String key, Function<Integer, TrainingSettings> check) {
      Optional<Integer> v = l.integer(key);
      if (v.isEmpty()) {
        return OptionalInt.empty();
      }
      try {
        check.apply(v.get());
        return OptionalInt.of(v.get());
      } catch (IllegalArgumentException e) {
        l.problem(key, e.getMessage());
        return OptionalInt.empty();
      }
    }

    private static OptionalDouble settingDouble(
        YamlMap l, String key, Function<Double, TrainingSettings> check) {
      Optional<Double> v = l.number(key);
      if (v.isEmpty()) {
        return OptionalDouble.empty();
      }
      try {
        check.apply(v.get());
        return OptionalDouble.of(v.get());
      } catch (IllegalArgumentException e) {
        l.problem(key, e.getMessage());
        return OptionalDouble.empty();
      }
    }

    /**
     * A strategy or aggregation: a word ({@code fedprox:mu=0.01}) or a mapping ({@code {name:
     * fedprox, mu: 0.01}}) turned into that word, checked by {@code parser}.
     */
    private <T> Optional<T> word(YamlMap map, String key, Function<String, T> parser) {
      Optional<Node> raw = map.rawNode(key);
      if (raw.isEmpty()) {
        return Optional.empty();
      }
      String word;
      if (raw.get() instanceof ScalarNode scalar) {
        word = scalar.getValue();
      } else {
        Optional<YamlMap> form = YamlMap.of(doc, raw.get(), map.field(key));
        if (form.isEmpty()) {
          return Optional.empty();
        }
        YamlMap f = form.get();
        String name = f.requireString("name");
        List<String> parameters = new ArrayList<>();
        for (String k : f.keys()) {
          if (!k.equals("name")) {
            f.string(k).ifPresent(v -> parameters.add(k + "=" + v));
          }
        }
        f.finish();
        if (name.isEmpty()) {
          return Optional.empty();
        }
        word = parameters.isEmpty() ? name : name + ":" + String.join(",", parameters);
      }
      try {
        return Optional.of(parser.apply(word));
      } catch (IllegalArgumentException e) {
        doc.problem(raw.get(), map.field(key), e.getMessage());
        return Optional.empty();
      }
    }

    /** The fewest updates Krum and Multi-Krum accept: {@code 2f + 3}. */
    private static Optional<Integer> krumFloor(Aggregation a) {
      if (a instanceof Aggregation.Krum k) {
        return Optional.of(2 * k.f() + 3);
      }
      if (a instanceof Aggregation.MultiKrum k) {
        return Optional.of(2 * k.f() + 3);
      }
      return Optional.empty();
    }

    private Optional<Evaluation> evaluation(YamlMap e) {
      String data = e.requireString("data");
      Optional<Evaluation.Kind> kind =
          e.requireValue(
              "kind",
              text -> {
                for (Evaluation.Kind k : Evaluation.Kind.values()) {
                  if (k.word().equals(text.strip())) {
                    return k;
                  }
                }
                throw new IllegalArgumentException(
                    "expected wisdm or fashion-mnist, got '" + text + "'");
              });
      if (data.isBlank() && e.has("data")) {
        e.problem("data", "expected the folder of the held-out set");
      }
      e.finish();
      if (data.isBlank() || kind.isEmpty()) {
        return Optional.empty();
      }
      Path folder;
      try {
        folder = base == null ? Path.of(data) : base.resolve(data).normalize();
      } catch (InvalidPathException ex) {
        e.problem("data", "not a valid path: " + ex.getReason());
        return Optional.empty();
      }
      return Optional.of(new Evaluation(folder, kind.get()));
    }

    /** A whole number of at least {@code min}; required ones are recorded missing. */
    private static Optional<Integer> atLeast(YamlMap map, String key, int min, boolean required) {
      if (required && !map.has(key)) {
        map.missing(key);
        return Optional.empty();
      }
      return map.integer(key)
          .filter(
              x ->
                  check(
                      map,
                      key,
                      x >= min,
                      "must be a whole number of at least " + min + ", got " + x));
    }

    private static boolean check(YamlMap map, String key, boolean ok, String message) {
      if (!ok) {
        map.problem(key, message);
      }
      return ok;
    }
  }

  static long parseSeed(String text) {
    try {
      return Long.parseLong(text.trim().replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number, got '" + text + "'");
    }
  }
}
