package dev.blueprint.simulator.design;

import dev.blueprint.simulator.cache.CacheHitRatio;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.PricingTier;
import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
import dev.blueprint.simulator.io.Suggestions;
import dev.blueprint.simulator.io.YamlDocument;
import dev.blueprint.simulator.io.YamlMap;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.perf.BatchServing;
import dev.blueprint.simulator.perf.LlmServing;
import dev.blueprint.simulator.perf.ServingEngine;
import dev.blueprint.simulator.perf.Workloads;
import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.DataSize;
import dev.blueprint.simulator.units.MoneyRate;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.RequestRate;
import dev.blueprint.simulator.units.TimeSpan;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a design file (docs/design-format.md). Every problem is collected with its line, column and
 * field, unknown names get the nearest valid one, and a file with any problem yields no design at
 * all: {@link InvalidInputException} lists them.
 */
public final class DesignParser {
  static final List<String> KINDS =
      List.of(
          "station",
          "gateway",
          "network",
          "cache",
          "feature-store",
          "model-server",
          "llm-server",
          "vector-index",
          "stream",
          "autoscaler");
  static final List<String> ARRIVALS = List.of("poisson", "constant", "bursty", "diurnal", "trace");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern SLO =
      Pattern.compile("\\s*(?:(ttft|tpot)[\\s_]+)?([a-z0-9]+)\\s*(<=|<)\\s*(.+?)\\s*");

  private final DesignContext context;
  private final DesignFiles files;

  /**
   * @param context the files beside the design and the catalogs its components name
   */
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
    return parse(text, origin, flow -> {});
  }

  /**
   * What an editor needs of a design being written: the design when it loads, else every problem,
   * and in both cases the graph of the flow steps that could be read (so a design with a mistake
   * elsewhere can still be drawn).
   *
   * @param design the design, when it has no problem
   * @param graph the flow as far as it could be read ({@link DesignGraph#EMPTY} when the YAML
   *     itself is broken)
   * @param problems every problem, empty when the design loads
   */
  public record Draft(Optional<Design> design, DesignGraph graph, List<Problem> problems) {
    public Draft {
      problems = List.copyOf(problems);
    }
  }

  /** As {@link #parse}, without throwing: see {@link Draft}. */
  public Draft draft(String text, String origin) {
    List<List<FlowStep>> read = new ArrayList<>(1);
    try {
      Design d = parse(text, origin, read::add);
      return new Draft(Optional.of(d), d.graph(), List.of());
    } catch (InvalidInputException e) {
      return new Draft(
          Optional.empty(),
          read.isEmpty() ? DesignGraph.EMPTY : DesignGraph.of(read.get(0)),
          e.problems());
    }
  }

  private Design parse(String text, String origin, Consumer<List<FlowStep>> flowRead) {
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
    top.requireMap("components")
        .ifPresent(
            map -> {
              for (String key : map.keys()) {
                declared.add(key);
                if (!NAME.matcher(key).matches()) {
                  map.problem(
                      key,
                      "a component name is letters, digits, '_', '.' and '-', got '" + key + "'");
                }
                map.map(key).flatMap(this::component).ifPresent(c -> components.put(key, c));
              }
              if (map.keys().isEmpty()) {
                document.problem(map.node(), map.path(), "a design needs at least one component");
              }
            });
    List<FlowStep> flow = flow(top, declared, components);
    flowRead.accept(flow);
    for (ComponentSpec c : components.values()) {
      if (c instanceof AutoscalerSpec a) {
        ComponentSpec target = components.get(a.target());
        boolean scalable =
            target instanceof ModelServerSpec
                || (target instanceof StationSpec st && st.servers() != StationSpec.UNLIMITED);
        if (target == null) {
          top.map("components")
              .flatMap(m -> m.map(a.name()))
              .ifPresent(
                  m ->
                      m.problem(
                          "target",
                          "no component named '"
                              + a.target()
                              + "'"
                              + Suggestions.didYouMean(a.target(), declared)));
        } else if (!scalable) {
          top.map("components")
              .flatMap(m -> m.map(a.name()))
              .ifPresent(
                  m ->
                      m.problem(
                          "target",
                          "an autoscaler scales a station with a server limit or a model-server; '"
                              + a.target()
                              + "' is a "
                              + target.kind()));
        }
      }
    }
    List<Slo> slos = slos(top);
    layout(top, declared);
    if (slos.stream().anyMatch(x -> x.scope() != Slo.Scope.END_TO_END)
        && components.values().stream().noneMatch(c -> c instanceof LlmServerSpec)) {
      top.map("slos")
          .ifPresent(
              m ->
                  m.document()
                      .problem(
                          m.node(),
                          m.path(),
                          "ttft and tpot objectives need an llm-server in the design"));
    }
    if (workload != null
        && components.values().stream().anyMatch(c -> c instanceof LlmServerSpec)
        && workload.classes().stream().anyMatch(c -> !c.isLlm())) {
      top.map("workload")
          .ifPresent(
              w ->
                  w.document()
                      .problem(
                          w.node(),
                          w.path(),
                          "an llm-server needs prompt_tokens and output_tokens for every request class"));
    }
    top.finish();
    document.finish();
    try {
      return new Design(name, description, workload, components, flow, slos, origin, sha256(text));
    } catch (IllegalArgumentException e) {
      throw InvalidInputException.of(new Problem(origin, 0, 0, "", e.getMessage()));
    }
  }

  private Workload workload(YamlMap map) {
    String kind = map.requireString("arrival").trim();
    if (!kind.isEmpty() && !ARRIVALS.contains(kind)) {
      map.problem(
          "arrival",
          "unknown arrival process '"
              + kind
              + "'"
              + Suggestions.didYouMean(kind, ARRIVALS)
              + "; one of "
              + String.join(", ", ARRIVALS));
      map.keys(); // its other fields belong to the process that was meant: no second complaint
    }
    ArrivalProcess arrival =
        switch (kind) {
          case "poisson", "constant", "bursty" -> {
            Optional<RequestRate> rate = map.requireValue("rate", RequestRate::parse);
            if (kind.equals("bursty")) {
              Optional<RequestRate> peak = map.requireValue("peak", RequestRate::parse);
              Optional<Double> burst =
                  map.requireValue("burst", text -> TimeSpan.parse(text).seconds());
              Optional<Double> every =
                  map.requireValue("every", text -> TimeSpan.parse(text).seconds());
              yield rate.isPresent() && peak.isPresent() && burst.isPresent() && every.isPresent()
                  ? construct(
                      map,
                      "peak",
                      () ->
                          new ArrivalProcess.Bursty(
                              rate.get(), peak.get(), burst.get(), every.get()))
                  : null;
            }
            yield rate.map(
                    r ->
                        construct(
                            map,
                            "rate",
                            () ->
                                kind.equals("poisson")
                                    ? new ArrivalProcess.Poisson(r)
                                    : new ArrivalProcess.Constant(r)))
                .orElse(null);
          }
          case "diurnal" -> {
            Optional<RequestRate> peak = map.requireValue("peak", RequestRate::parse);
            Optional<RequestRate> trough = map.requireValue("trough", RequestRate::parse);
            double period =
                map.value("period", text -> TimeSpan.parse(text).seconds()).orElse(86400.0);
            double peakAt = map.value("peak_at", DesignParser::timeOfDay).orElse(14 * 3600.0);
            yield peak.isPresent() && trough.isPresent()
                ? construct(
                    map,
                    "peak",
                    () -> new ArrivalProcess.Diurnal(peak.get(), trough.get(), peakAt, period))
                : null;
          }
          case "trace" -> {
            Optional<String> file = map.requireValue("file", text -> text);
            boolean loop = map.bool("loop").orElse(true);
            Optional<double[]> times =
                file.flatMap(
                    f -> {
                      try {
                        return Optional.of(files.readValues(f));
                      } catch (IllegalArgumentException e) {
                        map.problem("file", e.getMessage());
                        return Optional.empty();
                      }
                    });
            yield times
                .map(
                    t ->
                        construct(map, "file", () -> new ArrivalProcess.Trace(t, loop, file.get())))
                .orElse(null);
          }
          default -> null;
        };
    Warmup warmup = map.value("warmup", DesignParser::warmup).orElse(Workload.DEFAULT_WARMUP);
    OptionalLong requests =
        map.value("requests", DesignParser::count)
            .map(OptionalLong::of)
            .orElse(OptionalLong.empty());
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
      map.map("classes")
          .ifPresent(
              c -> {
                for (String name : c.keys()) {
                  c.map(name).flatMap(m -> requestClass(name, m, true)).ifPresent(classes::add);
                }
                double total = classes.stream().mapToDouble(RequestClass::share).sum();
                if (!classes.isEmpty()
                    && classes.size() == c.keys().size()
                    && Math.abs(total - 1) > 1e-6) {
                  c.document()
                      .problem(
                          c.node(),
                          c.path(),
                          String.format(
                              Locale.ROOT,
                              "class shares must add up to 100%%, they add up to %.4g%%",
                              total * 100));
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
      return new Workload(
          arrival,
          warmup,
          duration.isPresent() ? OptionalLong.empty() : requests,
          duration,
          classes);
    } catch (IllegalArgumentException e) {
      map.document().problem(map.node(), map.path(), e.getMessage());
      return null;
    }
  }

  private static final List<String> CLASS_FIELDS =
      List.of("items", "payload", "prompt_tokens", "output_tokens");

  /**
   * A request class: its share and priority when it is one of several, and its sizes. A workload
   * without classes writes the sizes on itself.
   */
  private Optional<RequestClass> requestClass(String name, YamlMap map, boolean named) {
    double share = named ? map.requireValue("share", DesignParser::percent).orElse(Double.NaN) : 1;
    int priority = named ? map.value("priority", DesignParser::priority).orElse(0) : 0;
    DistributionParser counts =
        new DistributionParser(DesignParser::positiveCount, files::readValues);
    DistributionParser bytes =
        new DistributionParser(text -> DataSize.parse(text).bytes(), files::readValues);
    Distribution items =
        map.value("items", counts::parse).orElse(new Distribution.Deterministic(1));
    Distribution payload =
        map.value("payload", bytes::parse).orElse(new Distribution.Deterministic(0));
    Optional<Distribution> prompt = map.value("prompt_tokens", counts::parse);
    Optional<Distribution> output = map.value("output_tokens", counts::parse);
    if (prompt.isPresent() != output.isPresent() && !map.document().hasProblems()) {
      map.problem(
          prompt.isPresent() ? "output_tokens" : "prompt_tokens",
          "LLM traffic needs both prompt_tokens and output_tokens");
      return Optional.empty();
    }
    if (named) {
      map.finish();
    }
    if (Double.isNaN(share)) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        construct(
            map,
            named ? "share" : "items",
            () -> new RequestClass(name, share, priority, items, payload, prompt, output)));
  }

  /**
   * Where the workbench draws each component: {@code name: [x, y]}. The simulator does not use it,
   * but it is checked like the rest, so a file the workbench wrote never fails elsewhere.
   */
  private static void layout(YamlMap top, List<String> declared) {
    top.map("layout")
        .ifPresent(
            map -> {
              for (String key : map.keys()) {
                if (!declared.contains(key)) {
                  map.problem(
                      key,
                      "no component named '" + key + "'" + Suggestions.didYouMean(key, declared));
                  continue;
                }
                List<Double> position =
                    map.valueList(
                        key,
                        text -> {
                          try {
                            double v = Double.parseDouble(text.trim());
                            if (Double.isFinite(v)) {
                              return v;
                            }
                          } catch (NumberFormatException e) {
                            // reported below
                          }
                          throw new IllegalArgumentException(
                              "expected a coordinate, a number, got '" + text + "'");
                        });
                if (position.size() != 2) {
                  map.problem(key, "a position is [x, y], two numbers");
                }
              }
            });
  }

  private static double positiveCount(String text) {
    try {
      double value = Double.parseDouble(text.trim().replace("_", ""));
      if (!(value >= 0) || value > 1e9) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected a count from 0 to a billion, such as 512, got '" + text + "'");
    }
  }

  private static int priority(String text) {
    return wholeNumber(text, 0, Integer.MAX_VALUE, "a priority of 0 (most urgent) or more");
  }

  private Optional<ComponentSpec> component(YamlMap map) {
    String kind = map.requireString("kind").trim();
    String name = map.path().substring(map.path().lastIndexOf('.') + 1);
    Optional<ComponentSpec> spec =
        switch (kind) {
          case "station" -> station(name, map);
          case "model-server" -> modelServer(name, map);
          case "cache" -> cache(name, map);
          case "gateway" -> gateway(name, map);
          case "network" -> network(name, map);
          case "feature-store" -> featureStore(name, map);
          case "vector-index" -> vectorIndex(name, map);
          case "stream" -> stream(name, map);
          case "llm-server" -> llmServer(name, map);
          case "autoscaler" -> autoscaler(name, map);
          case "" -> Optional.empty();
          default -> {
            map.problem(
                "kind",
                "unknown component kind '"
                    + kind
                    + "'"
                    + Suggestions.didYouMean(kind, KINDS)
                    + "; one of "
                    + String.join(", ", KINDS));
            map.keys(); // the other fields belong to the kind that was meant: no second complaint
            // about them
            yield Optional.empty();
          }
        };
    map.finish();
    return spec;
  }

  private Optional<ComponentSpec> station(String name, YamlMap map) {
    int servers = map.value("servers", DesignParser::servers).orElse(1);
    Optional<Distribution> service = map.requireValue("service", timeDistributions()::parse);
    OptionalInt capacity =
        map.value("queue_capacity", DesignParser::capacity)
            .map(OptionalInt::of)
            .orElse(OptionalInt.empty());
    StationSpec.Discipline discipline =
        map.value("discipline", DesignParser::discipline).orElse(StationSpec.Discipline.FIFO);
    MoneyRate cost = map.value("cost", MoneyRate::parse).orElse(MoneyRate.ZERO);
    if (service.isEmpty()) {
      return Optional.empty();
    }
    if (servers == StationSpec.UNLIMITED && cost.dollarsPerHour() > 0) {
      map.problem(
          "cost",
          "a station's cost is per server, and an unlimited station has no server count; "
              + "give it a server count, or put the cost on a component that has one");
      return Optional.empty();
    }
    return Optional.ofNullable(
        construct(
            map,
            "servers",
            () -> new StationSpec(name, servers, service.get(), capacity, discipline, cost)));
  }

  private Optional<ComponentSpec> modelServer(String name, YamlMap map) {
    // The catalogs' own messages name the nearest ids.
    Optional<ModelProfile> model = map.requireValue("model", context.models()::get);
    Optional<HardwareProfile> hardware = map.requireValue("hardware", context.hardware()::get);
    Optional<Precision> precision = map.requireValue("precision", Precision::parse);
    int replicas = map.value("replicas", DesignParser::positive).orElse(1);
    ModelServerSpec.Batching batching =
        map.value("batching", DesignParser::batching).orElse(ModelServerSpec.Batching.DYNAMIC);
    int maxBatch =
        map.value("max_batch", DesignParser::positive)
            .orElse(batching == ModelServerSpec.Batching.NONE ? 1 : 32);
    double delay = map.value("max_queue_delay", text -> TimeSpan.parse(text).seconds()).orElse(0.0);
    if (map.has("max_queue_delay") && batching != ModelServerSpec.Batching.DYNAMIC) {
      map.problem(
          "max_queue_delay",
          "max_queue_delay belongs to dynamic batching; with it, 'static' would be " + "'dynamic'");
    }
    Optional<Integer> sequence = map.value("sequence", DesignParser::positive);
    PricingTier pricing = map.value("pricing", PricingTier::parse).orElse(PricingTier.ON_DEMAND);
    if (model.isEmpty() || hardware.isEmpty() || precision.isEmpty()) {
      return Optional.empty();
    }
    int samples =
        map.value("samples", text -> text.trim().equals("items") ? 0 : positive(text)).orElse(0);
    int seq = sequence.orElseGet(() -> Workloads.defaultSequence(model.get()));
    ModelServerSpec spec =
        construct(
            map,
            "precision",
            () ->
                new ModelServerSpec(
                    name,
                    model.get(),
                    hardware.get(),
                    precision.get(),
                    seq,
                    replicas,
                    batching,
                    maxBatch,
                    delay,
                    pricing,
                    samples));
    if (spec == null) {
      return Optional.empty();
    }
    try {
      // A server whose batch cannot fit is a design error, found now rather than mid-run.
      var serving = new BatchServing(model.get(), hardware.get(), precision.get(), seq);
      var fitting = serving.candidateBatches();
      if (!serving.fits(maxBatch)) {
        map.problem(
            "max_batch",
            "a batch of "
                + maxBatch
                + " does not fit in the memory of "
                + hardware.get().id()
                + "; the largest power of two that fits is "
                + fitting.get(fitting.size() - 1));
        return Optional.empty();
      }
    } catch (IllegalArgumentException e) {
      map.problem("model", e.getMessage());
      return Optional.empty();
    }
    return Optional.of(spec);
  }

  private Optional<ComponentSpec> cache(String name, YamlMap map) {
    Optional<Double> given = map.value("hit_ratio", DesignParser::percent);
    Optional<Long> keys = map.value("keys", DesignParser::quantity);
    Optional<Double> zipf = map.value("zipf", DesignParser::nonNegative);
    Optional<Long> capacity = map.value("capacity", DesignParser::quantity);
    Optional<Distribution> hit = map.requireValue("hit_latency", timeDistributions()::parse);
    Optional<Distribution> miss = map.value("miss_latency", timeDistributions()::parse);
    MoneyRate cost = map.value("cost", MoneyRate::parse).orElse(MoneyRate.ZERO);
    boolean popularity = keys.isPresent() || zipf.isPresent() || capacity.isPresent();
    if (given.isPresent() == popularity) {
      map.problem("hit_ratio", "give either hit_ratio, or keys, zipf and capacity to derive it");
      return Optional.empty();
    }
    double ratio;
    String derived;
    if (given.isPresent()) {
      ratio = given.get();
      derived = "given";
    } else {
      if (keys.isEmpty() || zipf.isEmpty() || capacity.isEmpty()) {
        map.problem(
            keys.isEmpty() ? "keys" : zipf.isEmpty() ? "zipf" : "capacity",
            "deriving the hit ratio needs keys, zipf and capacity");
        return Optional.empty();
      }
      ratio = CacheHitRatio.lruZipf(keys.get(), zipf.get(), capacity.get());
      derived =
          String.format(
              Locale.ROOT,
              "LRU, Zipf %.3g over %,d keys, %,d entries (Che approximation)",
              zipf.get(),
              keys.get(),
              capacity.get());
    }
    if (hit.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        construct(
            map,
            "hit_ratio",
            () ->
                new CacheSpec(
                    name,
                    ratio,
                    derived,
                    hit.get(),
                    miss.orElse(hit.get()),
                    cost,
                    given.isPresent()
                        ? Optional.empty()
                        : Optional.of(
                            new CacheSpec.Popularity(keys.get(), zipf.get(), capacity.get())),
                    false)));
  }

  private Optional<ComponentSpec> gateway(String name, YamlMap map) {
    String protocol =
        map.value("protocol", text -> oneOf(text, List.of("rest", "grpc", "websocket"), "protocol"))
            .orElse("rest");
    int workers = map.value("workers", DesignParser::servers).orElse(1);
    double overhead =
        map.value("overhead", text -> TimeSpan.parse(text).seconds())
            .orElse(GatewaySpec.DEFAULT_OVERHEAD_SECONDS);
    double serialize =
        map.value("serialize", text -> Bandwidth.parse(text).bytesPerSecond())
            .orElse(
                protocol.equals("grpc")
                    ? GatewaySpec.PROTOBUF_BYTES_PER_SECOND
                    : GatewaySpec.JSON_BYTES_PER_SECOND);
    Optional<MoneyRate> fleetCost = map.value("cost", MoneyRate::parse);
    Optional<MoneyRate> perWorker = map.value("cost_per_worker", MoneyRate::parse);
    if (fleetCost.isPresent() && perWorker.isPresent()) {
      map.problem("cost_per_worker", "give the fleet's 'cost' or 'cost_per_worker', not both");
      return Optional.empty();
    }
    if (perWorker.isPresent() && workers == StationSpec.UNLIMITED) {
      map.problem("cost_per_worker", "unlimited workers have no count to multiply the price by");
      return Optional.empty();
    }
    // Per worker, the cost follows the worker count when a sweep or optimisation varies it.
    MoneyRate cost =
        perWorker
            .map(w -> MoneyRate.perHour(w.dollarsPerHour() * workers))
            .orElse(fleetCost.orElse(MoneyRate.ZERO));
    return Optional.ofNullable(
        construct(
            map,
            "workers",
            () -> new GatewaySpec(name, protocol, workers, overhead, serialize, cost)));
  }

  private Optional<ComponentSpec> network(String name, YamlMap map) {
    Distribution latency =
        map.value("latency", timeDistributions()::parse)
            .orElse(new Distribution.Deterministic(NetworkSpec.DEFAULT_LATENCY_SECONDS));
    Optional<Double> bandwidth =
        map.value("bandwidth", text -> Bandwidth.parse(text).bytesPerSecond());
    MoneyRate cost = map.value("cost", MoneyRate::parse).orElse(MoneyRate.ZERO);
    return Optional.ofNullable(
        construct(map, "bandwidth", () -> new NetworkSpec(name, latency, bandwidth, cost)));
  }

  private Optional<ComponentSpec> featureStore(String name, YamlMap map) {
    Optional<Distribution> latency = map.requireValue("latency", timeDistributions()::parse);
    int keys = map.value("keys", DesignParser::positive).orElse(1);
    int perItem = map.value("keys_per_item", DesignParser::positive).orElse(0);
    int batch = map.value("batch_size", DesignParser::positive).orElse(Integer.MAX_VALUE);
    int connections = map.value("connections", DesignParser::servers).orElse(StationSpec.UNLIMITED);
    MoneyRate cost = map.value("cost", MoneyRate::parse).orElse(MoneyRate.ZERO);
    if (map.has("keys") && map.has("keys_per_item")) {
      map.problem("keys_per_item", "give keys or keys_per_item, not both");
      return Optional.empty();
    }
    return latency.map(
        l ->
            construct(
                map,
                "keys",
                () -> new FeatureStoreSpec(name, l, keys, perItem, batch, connections, cost)));
  }

  private Optional<ComponentSpec> vectorIndex(String name, YamlMap map) {
    String index =
        map.value("index", text -> oneOf(text, List.of("hnsw", "ivf-pq"), "index")).orElse("hnsw");
    Optional<Long> vectors = map.requireValue("vectors", DesignParser::quantity);
    Optional<Integer> dimensions = map.requireValue("dimensions", DesignParser::positive);
    double recall = map.value("recall", DesignParser::nonNegative).orElse(0.95);
    int nprobe = map.value("nprobe", DesignParser::positive).orElse(16);
    Optional<Long> nlist = map.value("nlist", DesignParser::quantity);
    int codeBytes = map.value("code_bytes", DesignParser::positive).orElse(16);
    int threads = map.value("threads", DesignParser::servers).orElse(1);
    MoneyRate cost = map.value("cost", MoneyRate::parse).orElse(MoneyRate.ZERO);
    if (index.equals("hnsw")) {
      for (String ivfOnly : List.of("nprobe", "nlist", "code_bytes")) {
        if (map.has(ivfOnly)) {
          map.problem(ivfOnly, ivfOnly + " belongs to ivf-pq indexes, not hnsw");
        }
      }
    } else if (map.has("recall")) {
      map.problem(
          "recall",
          "the IVF-PQ model takes nprobe, not a recall target (recall at a given nprobe depends on the data)");
    }
    if (vectors.isEmpty() || dimensions.isEmpty()) {
      return Optional.empty();
    }
    // Faiss's guideline: about 4·√N lists.
    long lists = nlist.orElse(Math.max(1, Math.round(4 * Math.sqrt(vectors.get()))));
    return Optional.ofNullable(
        construct(
            map,
            index.equals("hnsw") ? "recall" : "nprobe",
            () ->
                new VectorIndexSpec(
                    name,
                    index,
                    vectors.get(),
                    dimensions.get(),
                    recall,
                    nprobe,
                    lists,
                    codeBytes,
                    threads,
                    cost)));
  }

  private Optional<ComponentSpec> stream(String name, YamlMap map) {
    Optional<Integer> partitions = map.requireValue("partitions", DesignParser::positive);
    Optional<Integer> consumers = map.requireValue("consumers", DesignParser::positive);
    Optional<Distribution> processing = map.requireValue("processing", timeDistributions()::parse);
    // Produce-to-consume latency p50 2 ms, p99 3 ms (J. Kreps, "Benchmarking Apache Kafka", 2014).
    Distribution broker =
        map.value("broker_latency", timeDistributions()::parse)
            .orElse(Distribution.LogNormal.ofMedianP99(0.002, 0.003));
    MoneyRate cost = map.value("cost", MoneyRate::parse).orElse(MoneyRate.ZERO);
    if (partitions.isEmpty() || consumers.isEmpty() || processing.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        construct(
            map,
            "partitions",
            () ->
                new StreamSpec(
                    name, partitions.get(), consumers.get(), processing.get(), broker, cost)));
  }

  private Optional<ComponentSpec> llmServer(String name, YamlMap map) {
    Optional<ModelProfile> model = map.requireValue("model", context.models()::get);
    Optional<HardwareProfile> hardware = map.requireValue("hardware", context.hardware()::get);
    Optional<Precision> precision = map.requireValue("precision", Precision::parse);
    int tp = map.value("tp", DesignParser::positive).orElse(1);
    int replicas = map.value("replicas", DesignParser::positive).orElse(1);
    Optional<ServingEngine> engine = map.value("engine", ServingEngine::parse);
    Optional<Integer> givenBatch = map.value("max_batch", DesignParser::positive);
    Optional<Integer> givenTokens = map.value("max_tokens_per_iteration", DesignParser::positive);
    PricingTier pricing = map.value("pricing", PricingTier::parse).orElse(PricingTier.ON_DEMAND);
    if (map.has("pp")) {
      map.problem(
          "pp",
          "the simulated llm-server runs tensor-parallel replicas; for pipeline parallelism use "
              + "'blueprint llm', or give more replicas");
    }
    if (model.isEmpty() || hardware.isEmpty() || precision.isEmpty()) {
      return Optional.empty();
    }
    int maxBatch;
    int maxTokens;
    try {
      // The engine must load: the model fits, tp suits its heads; found now rather than mid-run.
      var serving =
          new LlmServing(
              model.get(),
              hardware.get(),
              tp,
              tp,
              1,
              precision.get(),
              engine.orElse(ServingEngine.TENSORRT_LLM));
      // Without an engine the limits are the long-standing defaults; with one, that engine's own.
      maxBatch =
          givenBatch.orElseGet(
              () ->
                  engine
                      .map(
                          e ->
                              serving.engineMaxSequences(
                                  serving.model().transformer().orElseThrow().maxPositions()))
                      .orElse(LlmServerSpec.DEFAULT_MAX_BATCH));
      maxTokens =
          givenTokens.orElseGet(
              () ->
                  engine
                      .map(e -> Math.max(e.maxTokensPerIteration(hardware.get()), maxBatch))
                      .orElse(Math.max(LlmServerSpec.DEFAULT_MAX_TOKENS, maxBatch)));
      serving.memory(maxTokens, maxBatch);
    } catch (IllegalArgumentException e) {
      map.problem("model", e.getMessage());
      return Optional.empty();
    }
    return Optional.ofNullable(
        construct(
            map,
            "max_batch",
            () ->
                new LlmServerSpec(
                    name,
                    model.get(),
                    hardware.get(),
                    precision.get(),
                    tp,
                    replicas,
                    maxBatch,
                    maxTokens,
                    pricing,
                    engine.orElse(ServingEngine.TENSORRT_LLM))));
  }

  private Optional<ComponentSpec> autoscaler(String name, YamlMap map) {
    Optional<String> target = map.requireValue("target", text -> text.trim());
    double utilization = map.value("target_utilization", DesignParser::percent).orElse(0.7);
    Optional<Integer> min = map.requireValue("min", DesignParser::positive);
    Optional<Integer> max = map.requireValue("max", DesignParser::positive);
    double interval =
        map.value("interval", text -> TimeSpan.parse(text).seconds())
            .orElse(AutoscalerSpec.DEFAULT_INTERVAL_SECONDS);
    double up = map.value("scale_up_delay", text -> TimeSpan.parse(text).seconds()).orElse(0.0);
    double down =
        map.value("scale_down_window", text -> TimeSpan.parse(text).seconds())
            .orElse(AutoscalerSpec.DEFAULT_SCALE_DOWN_WINDOW_SECONDS);
    if (target.isEmpty() || min.isEmpty() || max.isEmpty()) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        construct(
            map,
            "min",
            () ->
                new AutoscalerSpec(
                    name, target.get(), utilization, min.get(), max.get(), interval, up, down)));
  }

  private static String oneOf(String text, List<String> allowed, String what) {
    String t = text.trim();
    if (allowed.contains(t)) {
      return t;
    }
    throw new IllegalArgumentException(
        "unknown "
            + what
            + " '"
            + text
            + "'"
            + Suggestions.didYouMean(t, allowed)
            + "; one of "
            + String.join(", ", allowed));
  }

  /** A count with an optional k/M/G suffix: {@code 10M} keys. */
  static long quantity(String text) {
    String t = text.trim().replace("_", "");
    double factor = 1;
    if (t.endsWith("k") || t.endsWith("K")) {
      factor = 1e3;
    } else if (t.endsWith("M")) {
      factor = 1e6;
    } else if (t.endsWith("G") || t.endsWith("B")) {
      factor = 1e9;
    }
    String digits = factor == 1 ? t : t.substring(0, t.length() - 1);
    try {
      double value = Double.parseDouble(digits) * factor;
      if (!(value >= 0) || value > 1e15) {
        throw new NumberFormatException();
      }
      return Math.round(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "expected a count such as 10M or 250k, got '" + text + "'");
    }
  }

  static double nonNegative(String text) {
    try {
      double v = Double.parseDouble(text.trim());
      if (!(v >= 0) || !Double.isFinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a number of 0 or more, got '" + text + "'");
    }
  }

  private static ModelServerSpec.Batching batching(String text) {
    for (ModelServerSpec.Batching b : ModelServerSpec.Batching.values()) {
      if (b.id().equals(text.trim())) {
        return b;
      }
    }
    List<String> ids =
        Arrays.stream(ModelServerSpec.Batching.values()).map(ModelServerSpec.Batching::id).toList();
    throw new IllegalArgumentException(
        "unknown batching '"
            + text
            + "'"
            + Suggestions.didYouMean(text, ids)
            + "; one of "
            + String.join(", ", ids));
  }

  /** The flow; names are checked against every declared component, loadable or not. */
  private List<FlowStep> flow(
      YamlMap top, List<String> components, Map<String, ComponentSpec> specs) {
    if (!top.has("flow")) {
      top.missing("flow");
      return List.of();
    }
    Node node = top.rawNode("flow").orElseThrow();
    return new FlowReader(top.document(), components, specs).steps(node, top.field("flow"));
  }

  /** Reads flows and the steps that hold flows of their own. */
  private final class FlowReader {
    private final YamlDocument document;
    private final List<String> components;
    private final Map<String, ComponentSpec> specs;

    FlowReader(YamlDocument document, List<String> components, Map<String, ComponentSpec> specs) {
      this.document = document;
      this.components = components;
      this.specs = specs;
    }

    /** A flow: a list of steps, or one component name. */
    List<FlowStep> steps(Node node, String field) {
      List<FlowStep> steps = new ArrayList<>();
      if (node instanceof ScalarNode scalar) {
        step(scalar, field).ifPresent(steps::add);
        return steps;
      }
      if (!(node instanceof SequenceNode sequence)) {
        document.problem(node, field, "expected a list of steps");
        return steps;
      }
      if (sequence.getValue().isEmpty()) {
        document.problem(node, field, "a flow needs at least one step");
      }
      for (int i = 0; i < sequence.getValue().size(); i++) {
        step(sequence.getValue().get(i), field + "[" + i + "]").ifPresent(steps::add);
      }
      return steps;
    }

    private Optional<FlowStep> step(Node node, String field) {
      if (node instanceof ScalarNode scalar) {
        String target = scalar.getValue().trim();
        if (!components.contains(target)) {
          document.problem(
              node,
              field,
              "no component named '" + target + "'" + Suggestions.didYouMean(target, components));
          return Optional.empty();
        }
        if (specs.get(target) instanceof AutoscalerSpec) {
          document.problem(
              node,
              field,
              "'"
                  + target
                  + "' is an autoscaler: it watches its target from outside the "
                  + "flow; take it out of the flow");
          return Optional.empty();
        }
        return Optional.of(
            specs.get(target) instanceof CacheSpec
                ? new FlowStep.Cache(target, Optional.empty())
                : new FlowStep.Visit(target));
      }
      Optional<YamlMap> map = YamlMap.of(document, node, field);
      if (map.isEmpty()) {
        return Optional.empty();
      }
      YamlMap m = map.get();
      List<String> keys = m.keys();
      String kind = keys.stream().filter(STEP_KINDS::contains).findFirst().orElse("");
      if (kind.isEmpty()) {
        document.problem(
            node,
            field,
            "expected a component name or one of "
                + String.join(", ", STEP_KINDS)
                + (keys.isEmpty() ? "" : Suggestions.didYouMean(keys.get(0), STEP_KINDS)));
        return Optional.empty();
      }
      Optional<FlowStep> step =
          switch (kind) {
            case "cache" -> cache(m);
            case "traffic-split" -> split(m);
            case "shadow" ->
                Optional.of(
                    new FlowStep.Shadow(
                        steps(m.rawNode("shadow").orElseThrow(), m.field("shadow"))));
            case "fan-out" -> fanOut(m);
            case "timeout" -> timeout(m);
            default -> breaker(m);
          };
      m.finish();
      return step;
    }

    private Optional<FlowStep> cache(YamlMap m) {
      String name = m.requireString("cache").trim();
      if (!components.contains(name)) {
        m.problem(
            "cache",
            "no component named '" + name + "'" + Suggestions.didYouMean(name, components));
        return Optional.empty();
      }
      if (specs.containsKey(name) && !(specs.get(name) instanceof CacheSpec)) {
        m.problem("cache", "'" + name + "' is a " + specs.get(name).kind() + ", not a cache");
        return Optional.empty();
      }
      Optional<List<FlowStep>> onMiss = m.rawNode("on_miss").map(n -> steps(n, m.field("on_miss")));
      return Optional.of(new FlowStep.Cache(name, onMiss));
    }

    private Optional<FlowStep> split(YamlMap m) {
      Node raw = m.rawNode("traffic-split").orElseThrow();
      String field = m.field("traffic-split");
      // Only this split's own problems stop it: a design with a mistake elsewhere keeps its
      // flow, so an editor can still draw it (DesignParser.draft).
      int problemsBefore = document.problems().size();
      List<FlowStep.TrafficSplit.Branch> branches = new ArrayList<>();
      if (raw instanceof MappingNode) {
        YamlMap weights = YamlMap.of(document, raw, field).orElseThrow();
        for (String target : weights.keys()) {
          Optional<Double> weight = weights.value(target, DesignParser::percent);
          if (!components.contains(target)) {
            document.problem(
                weights.keyNode(target),
                weights.field(target),
                "no component named '" + target + "'" + Suggestions.didYouMean(target, components));
            continue;
          }
          weight.ifPresent(
              w -> branches.add(branch(w, List.of(new FlowStep.Visit(target)), weights, target)));
        }
      } else if (raw instanceof SequenceNode list) {
        for (int i = 0; i < list.getValue().size(); i++) {
          String at = field + "[" + i + "]";
          YamlMap.of(document, list.getValue().get(i), at)
              .ifPresent(
                  b -> {
                    Optional<Double> weight = b.requireValue("weight", DesignParser::percent);
                    List<FlowStep> flow =
                        b.rawNode("flow")
                            .map(n -> steps(n, b.field("flow")))
                            .orElseGet(
                                () -> {
                                  b.missing("flow");
                                  return List.of();
                                });
                    b.finish();
                    weight.ifPresent(w -> branches.add(branch(w, flow, b, "weight")));
                  });
        }
      } else {
        document.problem(
            raw, field, "expected component: share pairs, or a list of {weight, flow}");
      }
      branches.removeIf(Objects::isNull);
      if (document.problems().size() > problemsBefore) {
        return Optional.empty();
      }
      try {
        return Optional.of(new FlowStep.TrafficSplit(branches));
      } catch (IllegalArgumentException e) {
        document.problem(raw, field, e.getMessage());
        return Optional.empty();
      }
    }

    private FlowStep.TrafficSplit.Branch branch(
        double weight, List<FlowStep> flow, YamlMap at, String key) {
      try {
        return new FlowStep.TrafficSplit.Branch(weight, flow);
      } catch (IllegalArgumentException e) {
        at.problem(key, e.getMessage());
        return null;
      }
    }

    private Optional<FlowStep> fanOut(YamlMap m) {
      Node raw = m.rawNode("fan-out").orElseThrow();
      String field = m.field("fan-out");
      List<List<FlowStep>> branches = new ArrayList<>();
      int waitFor;
      if (raw instanceof SequenceNode list) {
        // Shorthand: a list of components, all awaited.
        for (int i = 0; i < list.getValue().size(); i++) {
          branches.add(steps(list.getValue().get(i), field + "[" + i + "]"));
        }
        waitFor = branches.size();
      } else {
        Optional<YamlMap> spec = YamlMap.of(document, raw, field);
        if (spec.isEmpty()) {
          return Optional.empty();
        }
        YamlMap f = spec.get();
        List<Node> nodes =
            f.list("branches")
                .orElseGet(
                    () -> {
                      f.missing("branches");
                      return List.of();
                    });
        for (int i = 0; i < nodes.size(); i++) {
          branches.add(steps(nodes.get(i), f.field("branches") + "[" + i + "]"));
        }
        int count = branches.size();
        waitFor = f.value("join", text -> join(text, count)).orElse(count);
        f.finish();
      }
      try {
        return Optional.of(new FlowStep.FanOut(branches, waitFor));
      } catch (IllegalArgumentException e) {
        document.problem(raw, field, e.getMessage());
        return Optional.empty();
      }
    }

    private Optional<FlowStep> timeout(YamlMap m) {
      Optional<YamlMap> spec = m.requireMap("timeout");
      if (spec.isEmpty()) {
        return Optional.empty();
      }
      YamlMap t = spec.get();
      Optional<Double> after = t.requireValue("after", text -> TimeSpan.parse(text).seconds());
      List<FlowStep> flow =
          t.rawNode("flow")
              .map(n -> steps(n, t.field("flow")))
              .orElseGet(
                  () -> {
                    t.missing("flow");
                    return List.of();
                  });
      Optional<List<FlowStep>> fallback =
          t.rawNode("fallback").map(n -> steps(n, t.field("fallback")));
      t.finish();
      if (after.isEmpty()) {
        return Optional.empty();
      }
      try {
        return Optional.of(new FlowStep.Timeout(after.get(), flow, fallback));
      } catch (IllegalArgumentException e) {
        t.problem("after", e.getMessage());
        return Optional.empty();
      }
    }

    private Optional<FlowStep> breaker(YamlMap m) {
      Optional<YamlMap> spec = m.requireMap("circuit-breaker");
      if (spec.isEmpty()) {
        return Optional.empty();
      }
      YamlMap b = spec.get();
      List<FlowStep> flow =
          b.rawNode("flow")
              .map(n -> steps(n, b.field("flow")))
              .orElseGet(
                  () -> {
                    b.missing("flow");
                    return List.of();
                  });
      List<FlowStep> fallback =
          b.rawNode("fallback")
              .map(n -> steps(n, b.field("fallback")))
              .orElseGet(
                  () -> {
                    b.missing("fallback");
                    return List.of();
                  });
      double threshold = b.value("failure_threshold", DesignParser::percent).orElse(0.5);
      int window = b.value("window", DesignParser::positive).orElse(20);
      double open = b.value("open_for", text -> TimeSpan.parse(text).seconds()).orElse(30.0);
      int probes = b.value("probes", DesignParser::positive).orElse(5);
      b.finish();
      try {
        return Optional.of(
            new FlowStep.CircuitBreaker(flow, fallback, threshold, window, open, probes));
      } catch (IllegalArgumentException e) {
        document.problem(b.node(), b.path(), e.getMessage());
        return Optional.empty();
      }
    }
  }

  static final List<String> STEP_KINDS =
      List.of("cache", "traffic-split", "shadow", "fan-out", "timeout", "circuit-breaker");

  private static int join(String text, int branches) {
    String t = text.trim();
    if (t.equals("all")) {
      return branches;
    }
    if (t.equals("first")) {
      return 1;
    }
    try {
      int k = Integer.parseInt(t);
      if (k < 1 || k > branches) {
        throw new NumberFormatException();
      }
      return k;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "join is 'all', 'first' or how many of the "
              + branches
              + " branches to wait for, got '"
              + text
              + "'");
    }
  }

  private List<Slo> slos(YamlMap top) {
    List<Slo> slos = new ArrayList<>();
    top.map("slos")
        .ifPresent(
            map -> {
              for (String key : map.keys()) {
                map.value(key, text -> slo(key, text)).ifPresent(slos::add);
              }
              map.finish();
            });
    return slos;
  }

  public static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static Slo slo(String name, String text) {
    Matcher m = SLO.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected an objective such as 'p99 < 10ms', 'ttft p99 < 500ms' or "
              + "'drops < 0.1%', got '"
              + text
              + "'");
    }
    Slo.Scope scope =
        m.group(1) == null
            ? Slo.Scope.END_TO_END
            : m.group(1).equals("ttft") ? Slo.Scope.TTFT : Slo.Scope.TPOT;
    String metricText = m.group(2);
    Slo.Metric metric = null;
    for (Slo.Metric candidate : Slo.Metric.values()) {
      if (candidate.id().equals(metricText)) {
        metric = candidate;
      }
    }
    if (metric == null) {
      List<String> ids = Arrays.stream(Slo.Metric.values()).map(Slo.Metric::id).toList();
      throw new IllegalArgumentException(
          "unknown SLO metric '"
              + metricText
              + "'"
              + Suggestions.didYouMean(metricText, ids)
              + "; one of "
              + String.join(", ", ids));
    }
    String bound = m.group(4);
    double limit = metric.isLatency() ? TimeSpan.parse(bound).seconds() : percent(bound);
    return new Slo(name, scope, metric, limit, m.group(3).equals("<="));
  }

  private DistributionParser timeDistributions() {
    return new DistributionParser(text -> TimeSpan.parse(text).seconds(), files::readValues);
  }

  private static <T> T construct(YamlMap map, String field, Supplier<T> constructor) {
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
      throw new IllegalArgumentException(
          "expected a warm-up as a request count (5000), a share (10%) or a time (60s), got '"
              + text
              + "'");
    }
  }

  /** "20:00" or "8:30" as seconds after midnight, or a time such as 20h. */
  static double timeOfDay(String text) {
    String t = text.trim();
    Matcher m = Pattern.compile("(\\d{1,2}):(\\d{2})").matcher(t);
    if (m.matches()) {
      int hours = Integer.parseInt(m.group(1));
      int minutes = Integer.parseInt(m.group(2));
      if (hours > 23 || minutes > 59) {
        throw new IllegalArgumentException(
            "expected a time of day from 00:00 to 23:59, got '" + text + "'");
      }
      return hours * 3600.0 + minutes * 60.0;
    }
    return TimeSpan.parse(t).seconds();
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

  /** A whole number from 1 to a million (counts of replicas, partitions, keys, tokens). */
  static int positive(String text) {
    return wholeNumber(text, 1, 1_000_000, "a whole number from 1 to 1,000,000");
  }

  static int servers(String text) {
    if (text.trim().equals("unlimited")) {
      return StationSpec.UNLIMITED;
    }
    return wholeNumber(
        text, 1, Integer.MAX_VALUE - 1, "a number of servers of at least 1, or 'unlimited'");
  }

  /** A whole number in [min, max]; {@code what} says what was expected, for the message. */
  private static int wholeNumber(String text, int min, int max, String what) {
    try {
      int value = Integer.parseInt(text.trim().replace("_", ""));
      if (value < min || value > max) {
        throw new NumberFormatException();
      }
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected " + what + ", got '" + text + "'");
    }
  }

  private static int capacity(String text) {
    return wholeNumber(text, 0, Integer.MAX_VALUE, "how many requests may wait (0 or more)");
  }

  private static StationSpec.Discipline discipline(String text) {
    for (StationSpec.Discipline d : StationSpec.Discipline.values()) {
      if (d.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
        return d;
      }
    }
    List<String> ids =
        Arrays.stream(StationSpec.Discipline.values()).map(StationSpec.Discipline::id).toList();
    throw new IllegalArgumentException(
        "unknown discipline '"
            + text
            + "'"
            + Suggestions.didYouMean(text, ids)
            + "; one of "
            + String.join(", ", ids));
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
      throw new IllegalArgumentException(
          "expected a percentage between 0% and 100%, got '" + text + "'");
    }
  }
}
