package dev.blueprint.simulator.design;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Suggestions;
import dev.blueprint.simulator.io.YamlDocument;
import dev.blueprint.simulator.io.YamlMap;
import dev.blueprint.simulator.units.MoneyRate;
import dev.blueprint.simulator.units.RequestRate;
import dev.blueprint.simulator.units.TimeSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a design file (docs/design-format.md). Every problem is collected with its line,
 * column and field, unknown names get the nearest valid one, and a file with any problem
 * yields no design at all: {@link InvalidInputException} lists them.
 */
public final class DesignParser {
  static final List<String> KINDS = List.of("station", "model-server");
  static final List<String> ARRIVALS = List.of("poisson", "constant");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern SLO = Pattern.compile("\\s*([a-z0-9]+)\\s*(<=|<)\\s*(.+?)\\s*");

  private final DesignContext context;
  private final DesignFiles files;

  /** @param context the files beside the design and the catalogs its components name */
  public DesignParser(DesignContext context) {
    this.context = context;
    this.files = context.files();
  }

  /** Against the shipped catalogs. */
  public DesignParser(DesignFiles files) {
    this(DesignContext.shipped(files));
  }

  /**
   * @param origin the file name, as problems should name it
   * @throws InvalidInputException listing every problem found
   */
  public Design parse(String text, String origin) {
    YamlDocument document = YamlDocument.parse(text, origin);
    Optional<YamlMap> root = document.root();
    if (root.isEmpty()) {
      document.finish();
      throw new IllegalStateException("unreachable: a document without a root has a problem");
    }
    YamlMap top = root.get();
    String name = top.requireString("name");
    String description = top.string("description").orElse("");
    Workload workload = top.requireMap("workload").map(this::workload).orElse(null);
    Map<String, ComponentSpec> components = new LinkedHashMap<>();
    List<String> declared = new ArrayList<>();
    top.requireMap("components").ifPresent(map -> {
      for (String key : map.keys()) {
        declared.add(key);
        if (!NAME.matcher(key).matches()) {
          map.problem(key, "a component name is letters, digits, '_', '.' and '-', got '" + key + "'");
        }
        map.map(key).flatMap(this::component).ifPresent(c -> components.put(key, c));
      }
      if (map.keys().isEmpty()) {
        document.problem(map.node(), map.path(), "a design needs at least one component");
      }
    });
    List<FlowStep> flow = flow(top, declared);
    List<Slo> slos = slos(top);
    top.finish();
    checkEveryComponentIsUsed(top, components, flow);
    document.finish();
    try {
      return new Design(name, description, workload, components, flow, slos, origin);
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of(new dev.blueprint.simulator.io.Problem(origin, 0, 0, "", e.getMessage()));
    }
  }

  private Workload workload(YamlMap map) {
    String kind = map.requireString("arrival").trim();
    if (!kind.isEmpty() && !ARRIVALS.contains(kind)) {
      map.problem("arrival", "unknown arrival process '" + kind + "'" + Suggestions.didYouMean(kind, ARRIVALS)
          + "; one of " + String.join(", ", ARRIVALS));
    }
    Optional<RequestRate> rate = map.requireValue("rate", RequestRate::parse);
    ArrivalProcess arrival = null;
    if (rate.isPresent()) {
      arrival = switch (kind) {
        case "poisson" -> construct(map, "rate", () -> new ArrivalProcess.Poisson(rate.get()));
        case "constant" -> construct(map, "rate", () -> new ArrivalProcess.Constant(rate.get()));
        default -> null;
      };
    }
    Warmup warmup = map.value("warmup", DesignParser::warmup).orElse(Workload.DEFAULT_WARMUP);
    OptionalLong requests = map.value("requests", DesignParser::count)
        .map(OptionalLong::of).orElse(OptionalLong.empty());
    Optional<TimeSpan> duration = map.value("duration", DesignParser::positiveTime);
    if (requests.isPresent() && duration.isPresent()) {
      map.problem("duration", "give requests or duration, not both");
    }
    List<RequestClass> classes = new ArrayList<>();
    if (map.has("classes")) {
      for (String key : CLASS_FIELDS) {
        if (map.has(key)) {
          map.problem(key, "with 'classes', give " + key + " per class");
        }
      }
      map.map("classes").ifPresent(c -> {
        for (String name : c.keys()) {
          c.map(name).flatMap(m -> requestClass(name, m, true)).ifPresent(classes::add);
        }
        double total = classes.stream().mapToDouble(RequestClass::share).sum();
        if (!classes.isEmpty() && classes.size() == c.keys().size() && Math.abs(total - 1) > 1e-6) {
          c.document().problem(c.node(), c.path(), String.format(Locale.ROOT,
              "class shares must add up to 100%%, they add up to %.4g%%", total * 100));
        }
      });
    } else {
      requestClass("default", map, false).ifPresent(classes::add);
    }
    map.finish();
    if (arrival == null || classes.isEmpty()) {
      return null;
    }
    try {
      return new Workload(arrival, warmup, duration.isPresent() ? OptionalLong.empty() : requests, duration, classes);
    } catch (IllegalArgumentException e) {
      map.document().problem(map.node(), map.path(), e.getMessage());
      return null;
    }
  }

  private static final List<String> CLASS_FIELDS = List.of("items", "payload", "prompt_tokens", "output_tokens");

  /**
   * A request class: its share and priority when it is one of several, and its sizes. A workload
   * without classes writes the sizes on itself.
   */
  private Optional<RequestClass> requestClass(String name, YamlMap map, boolean named) {
    double share = named ? map.requireValue("share", DesignParser::percent).orElse(Double.NaN) : 1;
    int priority = named ? map.value("priority", DesignParser::priority).orElse(0) : 0;
    DistributionParser counts = new DistributionParser(DesignParser::positiveCount, files::readValues);
    DistributionParser bytes = new DistributionParser(
        text -> dev.blueprint.simulator.units.DataSize.parse(text).bytes(), files::readValues);
    Distribution items = map.value("items", counts::parse).orElse(new Distribution.Deterministic(1));
    Distribution payload = map.value("payload", bytes::parse).orElse(new Distribution.Deterministic(0));
    Optional<Distribution> prompt = map.value("prompt_tokens", counts::parse);
    Optional<Distribution> output = map.value("output_tokens", counts::parse);
    if (prompt.isPresent() != output.isPresent() && !map.document().hasProblems()) {
      map.problem(prompt.isPresent() ? "output_tokens" : "prompt_tokens",
          "LLM traffic needs both prompt_tokens and output_tokens");
      return Optional.empty();
    }
    if (named) {
      map.finish();
    }
    if (Double.isNaN(share)) {
      return Optional.empty();
    }
    return Optional.ofNullable(construct(map, named ? "share" : "items",
        () -> new RequestClass(name, share, priority, items, payload, prompt, output)));
  }

  private static double positiveCount(String text) {
    try {
      double value = Double.parseDouble(text.trim().replace("_", ""));
      if (!(value >= 0) || !Double.isFinite(value)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a count such as 512, got '" + text + "'");
    }
  }

  private static int priority(String text) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a priority of 0 (most urgent) or more, got '" + text + "'");
    }
  }

  private Optional<ComponentSpec> component(YamlMap map) {
    String kind = map.requireString("kind").trim();
    String name = map.path().substring(map.path().lastIndexOf('.') + 1);
    Optional<ComponentSpec> spec = switch (kind) {
      case "station" -> station(name, map);
      case "model-server" -> modelServer(name, map);
      case "" -> Optional.empty();
      default -> {
        map.problem("kind", "unknown component kind '" + kind + "'" + Suggestions.didYouMean(kind, KINDS)
            + "; one of " + String.join(", ", KINDS));
        map.keys(); // the other fields belong to the kind that was meant: no second complaint about them
        yield Optional.empty();
      }
    };
    map.finish();
    return spec;
  }

  private Optional<ComponentSpec> station(String name, YamlMap map) {
    int servers = map.value("servers", DesignParser::servers).orElse(1);
    Optional<Distribution> service = map.requireValue("service", timeDistributions()::parse);
    OptionalInt capacity = map.value("queue_capacity", DesignParser::capacity)
        .map(OptionalInt::of).orElse(OptionalInt.empty());
    StationSpec.Discipline discipline = map.value("discipline", DesignParser::discipline)
        .orElse(StationSpec.Discipline.FIFO);
    MoneyRate cost = map.value("cost", MoneyRate::parse).orElse(MoneyRate.ZERO);
    if (service.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(construct(map, "servers",
        () -> new StationSpec(name, servers, service.get(), capacity, discipline, cost)));
  }

  /** The flow; names are checked against every declared component, loadable or not. */
  private Optional<ComponentSpec> modelServer(String name, YamlMap map) {
    // The catalogs' own messages name the nearest ids.
    Optional<dev.blueprint.simulator.model.ModelProfile> model = map.requireValue("model", context.models()::get);
    Optional<dev.blueprint.simulator.hardware.HardwareProfile> hardware =
        map.requireValue("hardware", context.hardware()::get);
    Optional<dev.blueprint.simulator.units.Precision> precision =
        map.requireValue("precision", dev.blueprint.simulator.units.Precision::parse);
    int replicas = map.value("replicas", DesignParser::servers).orElse(1);
    ModelServerSpec.Batching batching = map.value("batching", DesignParser::batching)
        .orElse(ModelServerSpec.Batching.DYNAMIC);
    int maxBatch = map.value("max_batch", DesignParser::servers).orElse(batching == ModelServerSpec.Batching.NONE ? 1 : 32);
    double delay = map.value("max_queue_delay", text -> TimeSpan.parse(text).seconds()).orElse(0.0);
    Optional<Integer> sequence = map.value("sequence", DesignParser::servers);
    dev.blueprint.simulator.hardware.PricingTier pricing = map.value("pricing",
        dev.blueprint.simulator.hardware.PricingTier::parse).orElse(dev.blueprint.simulator.hardware.PricingTier.ON_DEMAND);
    if (model.isEmpty() || hardware.isEmpty() || precision.isEmpty()) {
      return Optional.empty();
    }
    int seq = sequence.orElseGet(() -> dev.blueprint.simulator.perf.Workloads.defaultSequence(model.get()));
    ModelServerSpec spec = construct(map, "precision", () -> new ModelServerSpec(name, model.get(), hardware.get(),
        precision.get(), seq, replicas, batching, maxBatch, delay, pricing));
    if (spec == null) {
      return Optional.empty();
    }
    try {
      // A server whose batch cannot fit is a design error, found now rather than mid-run.
      var serving = new dev.blueprint.simulator.perf.BatchServing(model.get(), hardware.get(), precision.get(), seq);
      var fitting = serving.candidateBatches();
      if (!serving.fits(maxBatch)) {
        map.problem("max_batch", "a batch of " + maxBatch + " does not fit in the memory of " + hardware.get().id()
            + "; the largest power of two that fits is " + fitting.get(fitting.size() - 1));
        return Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      map.problem("model", e.getMessage());
      return Optional.empty();
    }
    return Optional.of(spec);
  }

  private static ModelServerSpec.Batching batching(String text) {
    for (ModelServerSpec.Batching b : ModelServerSpec.Batching.values()) {
      if (b.id().equals(text.trim())) {
        return b;
      }
    }
    List<String> ids = java.util.Arrays.stream(ModelServerSpec.Batching.values()).map(ModelServerSpec.Batching::id).toList();
    throw new IllegalArgumentException("unknown batching '" + text + "'" + Suggestions.didYouMean(text, ids)
        + "; one of " + String.join(", ", ids));
  }

  private List<FlowStep> flow(YamlMap top, List<String> components) {
    List<FlowStep> steps = new ArrayList<>();
    if (!top.has("flow")) {
      top.missing("flow");
      return steps;
    }
    List<Node> nodes = top.list("flow").orElse(List.of());
    if (nodes.isEmpty() && top.has("flow")) {
      top.problem("flow", "a flow needs at least one step");
    }
    for (int i = 0; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      String field = top.field("flow") + "[" + i + "]";
      if (!(node instanceof ScalarNode scalar)) {
        top.document().problem(node, field, "expected the name of a component");
        continue;
      }
      String target = scalar.getValue().trim();
      if (!components.contains(target)) {
        top.document().problem(node, field, "no component named '" + target + "'"
            + Suggestions.didYouMean(target, components));
        continue;
      }
      steps.add(new FlowStep.Visit(target));
    }
    return steps;
  }

  private static void checkEveryComponentIsUsed(
      YamlMap top, Map<String, ComponentSpec> components, List<FlowStep> flow) {
    if (flow.isEmpty()) {
      return;
    }
    List<String> used = new ArrayList<>();
    for (FlowStep step : flow) {
      if (step instanceof FlowStep.Visit visit) {
        used.add(visit.component());
      }
    }
    top.map("components").ifPresent(map -> {
      for (String name : components.keySet()) {
        if (!used.contains(name)) {
          top.document().problem(map.keyNode(name), map.field(name),
              "the component is not in the flow; add it to 'flow' or remove it");
        }
      }
    });
  }

  private List<Slo> slos(YamlMap top) {
    List<Slo> slos = new ArrayList<>();
    top.map("slos").ifPresent(map -> {
      for (String key : map.keys()) {
        map.value(key, text -> slo(key, text)).ifPresent(slos::add);
      }
      map.finish();
    });
    return slos;
  }

  static Slo slo(String name, String text) {
    Matcher m = SLO.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException("expected an objective such as 'p99 < 10ms' or 'drops < 0.1%', got '"
          + text + "'");
    }
    String metricText = m.group(1);
    Slo.Metric metric = null;
    for (Slo.Metric candidate : Slo.Metric.values()) {
      if (candidate.id().equals(metricText)) {
        metric = candidate;
      }
    }
    if (metric == null) {
      List<String> ids = java.util.Arrays.stream(Slo.Metric.values()).map(Slo.Metric::id).toList();
      throw new IllegalArgumentException("unknown SLO metric '" + metricText + "'" + Suggestions.didYouMean(metricText, ids)
          + "; one of " + String.join(", ", ids));
    }
    String bound = m.group(3);
    double limit = metric.isLatency() ? TimeSpan.parse(bound).seconds() : percent(bound);
    return new Slo(name, metric, limit);
  }

  private DistributionParser timeDistributions() {
    return new DistributionParser(text -> TimeSpan.parse(text).seconds(), files::readValues);
  }

  private static <T> T construct(YamlMap map, String field, java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      map.problem(field, e.getMessage());
      return null;
    }
  }

  static Warmup warmup(String text) {
    String t = text.trim();
    if (t.endsWith("%")) {
      return new Warmup.Share(percent(t));
    }
    if (t.chars().allMatch(c -> Character.isDigit(c) || c == '_')) {
      return new Warmup.Requests(count(t));
    }
    try {
      return new Warmup.Time(TimeSpan.parse(t).seconds());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("expected a warm-up as a request count (5000), a share (10%) or a time (60s), got '"
          + text + "'");
    }
  }

  static long count(String text) {
    try {
      long value = Long.parseLong(text.trim().replace("_", ""));
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a whole number of requests, got '" + text + "'");
    }
  }

  private static TimeSpan positiveTime(String text) {
    TimeSpan time = TimeSpan.parse(text);
    if (time.seconds() <= 0) {
      throw new IllegalArgumentException("expected a positive time, got '" + text + "'");
    }
    return time;
  }

  static int servers(String text) {
    if (text.trim().equals("unlimited")) {
      return StationSpec.UNLIMITED;
    }
    try {
      int value = Integer.parseInt(text.trim());
      if (value < 1) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number of servers of at least 1, or 'unlimited', got '" + text + "'");
    }
  }

  private static int capacity(String text) {
    try {
      int value = Integer.parseInt(text.trim());
      if (value < 0) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected how many requests may wait (0 or more), got '" + text + "'");
    }
  }

  private static StationSpec.Discipline discipline(String text) {
    for (StationSpec.Discipline d : StationSpec.Discipline.values()) {
      if (d.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    List<String> ids = java.util.Arrays.stream(StationSpec.Discipline.values()).map(StationSpec.Discipline::id).toList();
    throw new IllegalArgumentException("unknown discipline '" + text + "'" + Suggestions.didYouMean(text, ids)
        + "; one of " + String.join(", ", ids));
  }

  static double percent(String text) {
    String t = text.trim();
    if (!t.endsWith("%")) {
      throw new IllegalArgumentException("expected a percentage such as 0.1%, got '" + text + "'");
    }
    try {
      double value = Double.parseDouble(t.substring(0, t.length() - 1).trim()) / 100;
      if (!(value >= 0 && value <= 1)) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a percentage between 0% and 100%, got '" + text + "'");
    }
  }
}
