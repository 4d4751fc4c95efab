package dev.blueprint.simulator.des;

import dev.blueprint.simulator.design.ArrivalProcess;
import dev.blueprint.simulator.design.AutoscalerSpec;
import dev.blueprint.simulator.design.CacheSpec;
import dev.blueprint.simulator.design.ComponentSpec;
import dev.blueprint.simulator.design.Design;
import dev.blueprint.simulator.design.FeatureStoreSpec;
import dev.blueprint.simulator.design.GatewaySpec;
import dev.blueprint.simulator.design.LlmServerSpec;
import dev.blueprint.simulator.design.ModelServerSpec;
import dev.blueprint.simulator.design.NetworkSpec;
import dev.blueprint.simulator.design.Slo;
import dev.blueprint.simulator.design.StationSpec;
import dev.blueprint.simulator.design.StreamSpec;
import dev.blueprint.simulator.design.VectorIndexSpec;
import dev.blueprint.simulator.design.Warmup;
import dev.blueprint.simulator.design.Workload;
import dev.blueprint.simulator.perf.BatchServing;
import dev.blueprint.simulator.perf.LlmServing;
import dev.blueprint.simulator.units.MoneyRate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;

/**
 * Runs a {@link Design} in the discrete-event engine and summarises what it measured. The same seed
 * gives the same result on any machine; replications use independent streams and run on all cores.
 */
public final class Simulation {
  /**
   * Measured requests per replication below which batch-means intervals were seen to cover less
   * than their stated rate (docs/simulation.md, "Confidence intervals").
   */
  static final long SHORT_RUN_REQUESTS = 100_000;

  /**
   * Completions per arrival in the window below which a run is reported as not keeping up: a stable
   * system's count differs from its arrivals only by what is in flight at the window's two ends,
   * far less than this.
   */
  static final double OVERLOAD_SHARE = 0.97;

  /** Points in a queue-length series. */
  static final int SERIES_POINTS = 200;

  private Simulation() {}

  /**
   * @throws SimulationException when the run cannot go on (a system that cannot keep up)
   */
  public static SimulationResult run(Design design, RunOptions options) {
    return run(design, options, null);
  }

  /**
   * As {@link #run(Design, RunOptions)}, telling {@code progress} the share done (of the first
   * replication) now and then. A run whose thread is interrupted stops with a {@link
   * SimulationException} saying it was cancelled.
   */
  public static SimulationResult run(Design design, RunOptions options, DoubleConsumer progress) {
    long started = System.nanoTime();
    Workload workload = design.workload();
    double rate = workload.arrival().meanRate().perSecond();
    long measured;
    double windowSeconds;
    if (options.duration().isPresent()
        || (options.requests().isEmpty() && workload.duration().isPresent())) {
      windowSeconds =
          options.duration().orElseGet(() -> workload.duration().orElseThrow()).seconds();
      measured = 0;
    } else {
      measured = options.requests().orElse(workload.requests().orElse(Workload.DEFAULT_REQUESTS));
      windowSeconds = measured / rate;
    }
    Warmup warmup = workload.warmup();
    long warmupRequests =
        warmup.requests(measured > 0 ? measured : Math.round(windowSeconds * rate), rate);
    Engine.Window window = new Engine.Window(warmupRequests, measured, windowSeconds);
    double bucketSeconds = windowSeconds / SERIES_POINTS;

    Prepared prepared = Prepared.of(design);
    List<RunFigures> runs =
        IntStream.range(0, options.replications())
            .parallel()
            .mapToObj(
                r -> {
                  Engine engine =
                      build(
                          design,
                          prepared,
                          new RandomStreams(options.seed(), r),
                          window,
                          bucketSeconds);
                  if (r == 0 && progress != null) {
                    engine.onProgress(progress);
                  }
                  return engine.run();
                })
            .toList();
    return summarise(design, options, runs, (System.nanoTime() - started) / 1e9);
  }

  static Engine build(
      Design design, RandomStreams streams, Engine.Window window, double bucketSeconds) {
    return build(design, Prepared.of(design), streams, window, bucketSeconds);
  }

  /**
   * What every replication shares and is costly to make: the iteration tables of LLM servers and
   * their KV-cache capacity.
   */
  record Prepared(Map<String, LlmIterationTable> tables, Map<String, Double> kvTokens) {
    static Prepared of(Design design) {
      Map<String, LlmIterationTable> tables = new HashMap<>();
      Map<String, Double> kv = new HashMap<>();
      for (ComponentSpec spec : design.components().values()) {
        if (spec instanceof LlmServerSpec llm) {
          LlmServing serving =
              new LlmServing(
                  llm.model(),
                  llm.hardware(),
                  llm.tensorParallel(),
                  llm.tensorParallel(),
                  1,
                  llm.precision(),
                  llm.engine());
          kv.put(
              llm.name(), serving.memory(llm.maxTokensPerIteration(), llm.maxBatch()).kvTokens());
          double meanPrompt =
              design.workload().classes().stream()
                  .mapToDouble(c -> c.share() * c.promptTokens().map(d -> d.mean()).orElse(1.0))
                  .sum();
          int maxContext = llm.model().transformer().orElseThrow().maxPositions();
          tables.put(
              llm.name(),
              LlmIterationTable.build(
                  serving, llm.maxBatch(), llm.maxTokensPerIteration(), maxContext, meanPrompt));
        }
      }
      return new Prepared(tables, kv);
    }
  }

  static Engine build(
      Design design,
      Prepared prepared,
      RandomStreams streams,
      Engine.Window window,
      double bucketSeconds) {
    Map<String, Component> byName = new HashMap<>();
    for (ComponentSpec spec : design.components().values()) {
      if (!(spec instanceof AutoscalerSpec)) {
        byName.put(spec.name(), component(design, prepared, spec, streams, bucketSeconds));
      }
    }
    for (ComponentSpec spec : design.components().values()) {
      if (spec instanceof AutoscalerSpec scaler) {
        byName.put(spec.name(), new Autoscaler(scaler, byName.get(scaler.target()), bucketSeconds));
      }
    }
    List<Component> components = new ArrayList<>();
    Map<String, Integer> index = new HashMap<>();
    for (ComponentSpec spec : design.components().values()) {
      index.put(spec.name(), components.size());
      components.add(byName.get(spec.name()));
    }
    FlowProgram program = FlowCompiler.compile(design.flow(), index, streams);
    ArrivalGenerator arrivals =
        ArrivalGenerator.of(design.workload().arrival(), streams.stream("arrivals"));
    return new Engine(
        components,
        program,
        arrivals,
        new RequestMix(design.workload().classes(), streams),
        window);
  }

  /**
   * Each request class's line at a priority station: classes ordered by priority, equal priorities
   * sharing a line; null for first come first served.
   */
  private static int[] priorityLevels(Design design, StationSpec.Discipline discipline) {
    if (discipline != StationSpec.Discipline.PRIORITY) {
      return null;
    }
    var classes = design.workload().classes();
    int[] distinct = classes.stream().mapToInt(c -> c.priority()).distinct().sorted().toArray();
    int[] levels = new int[classes.size()];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = Arrays.binarySearch(distinct, classes.get(i).priority());
    }
    return levels;
  }

  private static Component component(
      Design design,
      Prepared prepared,
      ComponentSpec spec,
      RandomStreams streams,
      double bucketSeconds) {
    if (spec instanceof StationSpec station) {
      var sampler = station.service().sampler(streams.stream("component:" + station.name()));
      return new Station(
          station.name(),
          station.kind(),
          station.servers(),
          station.queueCapacity().orElse(Integer.MAX_VALUE),
          (requests, request) -> sampler.sample(),
          station.service().mean(),
          priorityLevels(design, station.discipline()),
          bucketSeconds);
    }
    String stream = "component:" + spec.name();
    if (spec instanceof GatewaySpec gateway) {
      double overhead = gateway.overheadSeconds();
      double rate = gateway.serializeBytesPerSecond();
      return new Station(
          gateway.name(),
          gateway.kind(),
          gateway.workers(),
          Integer.MAX_VALUE,
          (requests, request) -> overhead + requests.payloadBytes[request] / rate,
          Double.NaN,
          null,
          bucketSeconds);
    }
    if (spec instanceof FeatureStoreSpec store) {
      var latency = store.latency().sampler(streams.stream(stream));
      ServiceTime slowestCall =
          (requests, request) -> {
            int calls = store.calls(requests.items[request]);
            double slowest = 0;
            for (int i = 0; i < calls; i++) {
              slowest = Math.max(slowest, latency.sample());
            }
            return slowest;
          };
      return new Station(
          store.name(),
          store.kind(),
          store.connections(),
          Integer.MAX_VALUE,
          slowestCall,
          Double.NaN,
          null,
          bucketSeconds);
    }
    if (spec instanceof VectorIndexSpec index) {
      double query = index.querySeconds();
      return new Station(
          index.name(),
          index.kind(),
          index.threads(),
          Integer.MAX_VALUE,
          (requests, request) -> query,
          query,
          null,
          bucketSeconds);
    }
    if (spec instanceof NetworkSpec network) {
      return new NetworkHop(
          network.name(),
          network.latency().sampler(streams.stream(stream)),
          network.bandwidthBytesPerSecond().orElse(Double.POSITIVE_INFINITY),
          bucketSeconds);
    }
    if (spec instanceof StreamSpec log) {
      var random = streams.stream(stream);
      return new StreamConsumers(
          log.name(),
          log.partitions(),
          log.consumers(),
          random,
          log.processing().sampler(streams.stream(stream + ":processing")),
          log.brokerLatency().sampler(streams.stream(stream + ":broker")),
          bucketSeconds);
    }
    if (spec instanceof LlmServerSpec llm) {
      return new LlmServer(
          llm.name(),
          llm.replicas(),
          llm.maxBatch(),
          llm.maxTokensPerIteration(),
          prepared.kvTokens().get(llm.name()),
          prepared.tables().get(llm.name()),
          bucketSeconds);
    }
    if (spec instanceof CacheSpec cache) {
      return new Cache(cache, streams.stream("component:" + cache.name()), bucketSeconds);
    }
    if (spec instanceof ModelServerSpec server) {
      BatchServing serving =
          new BatchServing(
              server.model(), server.hardware(), server.precision(), server.sequence());
      return new ModelServer(server.name(), server, serving::batchSeconds, bucketSeconds);
    }
    throw new IllegalArgumentException("cannot simulate a " + spec.kind() + " yet");
  }

  private static SimulationResult summarise(
      Design design, RunOptions options, List<RunFigures> runs, double wall) {
    int r = runs.size();
    long requests = 0;
    long completed = 0;
    long dropped = 0;
    long timedOut = 0;
    long events = 0;
    double simulated = 0;
    Histogram all = LatencyRecorder.newHistogram();
    double sum = 0;
    for (RunFigures run : runs) {
      requests += run.measuredArrived();
      completed += run.measuredDone();
      dropped += run.measuredDropped();
      timedOut += run.measuredTimedOut();
      events += run.events();
      simulated += run.windowSeconds();
      for (int b = 0; b < run.endToEnd().batches(); b++) {
        all.add(run.endToEnd().batch(b));
        sum += run.endToEnd().sum(b);
      }
    }
    double mean = completed == 0 ? Double.NaN : sum / completed;
    double p99 = LatencySummary.quantile(all, 0.99);
    IndependentSamples units =
        r >= 2
            ? IndependentSamples.ofReplications(runs)
            : IndependentSamples.ofBatches(runs.get(0));
    double[] throughputs = new double[0];
    if (r >= 2) {
      throughputs =
          runs.stream().mapToDouble(run -> run.doneInWindow() / run.windowSeconds()).toArray();
    }
    double knownGap = knownMeanGap(design);
    double[] knownControls = new double[units.controls.length];
    knownControls[0] = knownGap;
    Component[] firstRun = runs.get(0).components();
    for (int j = 1; j < knownControls.length; j++) {
      knownControls[j] = firstRun[units.controlComponents[j - 1]].knownMeanServiceSeconds();
    }
    // Control variates need units of equal size (batches by request count, or equal
    // replications); batches by time hold more requests when the load is high, and their plain
    // average would under-weight the busy ones, so the overall mean is the estimate there.
    Estimate meanEstimate =
        units.equalSizes
            ? ControlVariates.estimate(
                units.means, units.controls, knownControls, Estimate.DEFAULT_LEVEL)
            : Estimate.fromObservations(mean, units.means, Estimate.DEFAULT_LEVEL);
    if (!Double.isFinite(meanEstimate.value())) {
      meanEstimate = Estimate.fromObservations(mean, units.means, Estimate.DEFAULT_LEVEL);
    }
    // Departures while the window was open, not measured requests however long they took: a
    // system that cannot keep up finishes its measured requests late, and dividing them by the
    // window would credit it with the arrival rate.
    double throughput = runs.stream().mapToLong(RunFigures::doneInWindow).sum() / simulated;
    LatencySummary latency =
        new LatencySummary(
            completed,
            meanEstimate,
            LatencySummary.quantile(all, 0.50),
            LatencySummary.quantile(all, 0.90),
            Estimate.fromObservations(p99, units.p99s, Estimate.DEFAULT_LEVEL),
            LatencySummary.quantile(all, 0.999),
            completed == 0 ? Double.NaN : all.getMaxValue() / 1e9);

    List<ComponentResult> components = new ArrayList<>();
    List<ComponentSpec> specs = new ArrayList<>(design.components().values());
    MoneyRate cost = MoneyRate.ZERO;
    for (int c = 0; c < specs.size(); c++) {
      ComponentSpec spec = specs.get(c);
      Histogram sojourn = LatencyRecorder.newHistogram();
      double sojournSum = 0;
      double busy = 0;
      double capacity = 0;
      double queue = 0;
      double maxQueue = 0;
      double waitSum = 0;
      long waits = 0;
      long arrivals = 0;
      long drops = 0;
      for (RunFigures run : runs) {
        ComponentStats s = run.components()[c].stats;
        sojourn.add(s.sojourn);
        sojournSum += s.sojournSum;
        busy += s.busy.mean() / r;
        capacity += s.capacity.mean() / r;
        queue += s.queue.mean() / r;
        maxQueue = Math.max(maxQueue, s.queue.max());
        waitSum += s.waitSum;
        waits += s.waits;
        arrivals += s.arrivals;
        drops += s.drops;
      }
      Component first = runs.get(0).components()[c];
      int servers = first.servers();
      Map<String, Double> details = new LinkedHashMap<>();
      for (RunFigures run : runs) {
        run.components()[c].details().forEach((k, v) -> details.merge(k, v / r, Double::sum));
      }
      // Cost follows the servers an autoscaler ran, relative to the size the design gives.
      double nominal =
          spec instanceof ModelServerSpec ms
              ? ms.replicas()
              : spec instanceof StationSpec st ? st.servers() : Double.NaN;
      MoneyRate componentCost =
          Double.isFinite(nominal) && nominal > 0 && servers != Integer.MAX_VALUE
              ? MoneyRate.perHour(spec.cost().dollarsPerHour() * capacity / nominal)
              : spec.cost();
      components.add(
          new ComponentResult(
              spec.name(),
              spec.kind(),
              servers,
              servers == Integer.MAX_VALUE ? Double.NaN : busy / capacity,
              busy,
              queue,
              maxQueue,
              waits == 0 ? Double.NaN : waitSum / waits,
              LatencySummary.of(sojourn, sojournSum),
              arrivals,
              drops,
              componentCost,
              first.stats.queue.series(),
              first.stats.busy.series(),
              first.stats.queue.bucketSeconds(),
              details));
      cost = MoneyRate.perHour(cost.dollarsPerHour() + componentCost.dollarsPerHour());
    }
    List<SimulationResult.ClassResult> classes = new ArrayList<>();
    var classSpecs = design.workload().classes();
    if (classSpecs.size() > 1) {
      for (int k = 0; k < classSpecs.size(); k++) {
        Histogram h = LatencyRecorder.newHistogram();
        double s = 0;
        long n = 0;
        for (RunFigures run : runs) {
          h.add(run.classLatency()[k]);
          s += run.classSums()[k];
          n += run.classRequests()[k];
        }
        classes.add(
            new SimulationResult.ClassResult(classSpecs.get(k).name(), n, LatencySummary.of(h, s)));
      }
    }
    Histogram ttft = LatencyRecorder.newHistogram();
    Histogram tpot = LatencyRecorder.newHistogram();
    double outputTokens = 0;
    boolean anyLlm = false;
    for (RunFigures run : runs) {
      for (Component c : run.components()) {
        if (c instanceof LlmServer llm) {
          anyLlm = true;
          ttft.add(llm.ttft);
          tpot.add(llm.tpot);
          outputTokens += llm.details().get("measured_output_tokens");
        }
      }
    }
    Optional<SimulationResult.LlmLatency> llmLatency =
        anyLlm
            ? Optional.of(
                new SimulationResult.LlmLatency(
                    LatencySummary.of(ttft, Double.NaN),
                    LatencySummary.of(tpot, Double.NaN),
                    outputTokens / simulated))
            : Optional.empty();
    List<SimulationResult.SloResult> slos = new ArrayList<>();
    double dropRate = requests == 0 ? 0 : dropped / (double) requests;
    double errorRate = requests == 0 ? 0 : (dropped + timedOut) / (double) requests;
    for (Slo slo : design.slos()) {
      Histogram scope =
          switch (slo.scope()) {
            case TTFT -> ttft;
            case TPOT -> tpot;
            default -> all;
          };
      double value =
          switch (slo.metric()) {
            case MEAN ->
                slo.scope() == Slo.Scope.END_TO_END ? meanEstimate.value() : scope.getMean() / 1e9;
            case DROPS -> dropRate;
            case ERRORS -> errorRate;
            default -> LatencySummary.quantile(scope, slo.metric().quantile());
          };
      slos.add(new SimulationResult.SloResult(slo, value, slo.isMetBy(value)));
    }
    List<String> warnings = new ArrayList<>();
    Set<String> used = design.componentsInFlow();
    for (ComponentSpec spec : design.components().values()) {
      if (!used.contains(spec.name()) && !(spec instanceof AutoscalerSpec)) {
        warnings.add(
            "component '"
                + spec.name()
                + "' is not in the flow: it serves nothing but its cost ("
                + spec.cost().toHumanString()
                + ") is counted");
      }
    }
    double offered = requests / simulated;
    List<CdfPoint> cdfPoints = cdf(all);
    SimulationResult result =
        new SimulationResult(
            design.name(),
            design.origin(),
            design.sourceSha256(),
            options.seed(),
            r,
            requests,
            completed,
            dropped,
            timedOut,
            simulated,
            Estimate.fromObservations(throughput, throughputs, Estimate.DEFAULT_LEVEL),
            latency,
            cdfPoints,
            components,
            classes,
            llmLatency,
            slos,
            cost,
            events,
            wall,
            List.of());
    if (!result.keepsUp()) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "the system is not keeping up: %.4g requests/s completed while %.4g/s arrived; queues grow for as long "
                  + "as it runs, so its latency figures depend on the run's length (the busiest component is the "
                  + "bottleneck)",
              throughput,
              offered));
    }
    if (r == 1 && requests < SHORT_RUN_REQUESTS) {
      warnings.add(
          "a short run ("
              + requests
              + " measured requests): intervals from fewer than "
              + SHORT_RUN_REQUESTS
              + " requests can be too narrow; run more requests or use replications");
    } else if (r == 1 && units.correlated) {
      warnings.add(
          String.format(
              Locale.ROOT,
              "batch means are still correlated (lag-1 %.2f over %d batches): the intervals may be too narrow; "
                  + "run more requests or use replications",
              units.lagOneCorrelation,
              units.means.length));
    }
    return new SimulationResult(
        design.name(),
        design.origin(),
        design.sourceSha256(),
        options.seed(),
        r,
        requests,
        completed,
        dropped,
        timedOut,
        simulated,
        Estimate.fromObservations(throughput, throughputs, Estimate.DEFAULT_LEVEL),
        latency,
        cdfPoints,
        components,
        classes,
        llmLatency,
        slos,
        cost,
        events,
        wall,
        warnings);
  }

  /** The distribution from the histogram: more points the further into the tail (to 99.999 %). */
  private static List<CdfPoint> cdf(Histogram histogram) {
    List<CdfPoint> points = new ArrayList<>();
    if (histogram.getTotalCount() == 0) {
      return points;
    }
    for (org.HdrHistogram.HistogramIterationValue v : histogram.percentiles(5)) {
      points.add(
          new CdfPoint(
              histogram.medianEquivalentValue(v.getValueIteratedTo()) / 1e9,
              v.getPercentileLevelIteratedTo() / 100));
      if (v.getPercentileLevelIteratedTo() >= 99.999) {
        break;
      }
    }
    return points;
  }

  /** The long-run mean gap between arrivals, when the arrival process fixes it. */
  private static double knownMeanGap(Design design) {
    var arrival = design.workload().arrival();
    if (arrival instanceof ArrivalProcess.Poisson || arrival instanceof ArrivalProcess.Constant) {
      return 1 / arrival.meanRate().perSecond();
    }
    return Double.NaN;
  }

  /**
   * The independent units of a run's interval estimates (its batches, or whole replications), each
   * with its mean latency, its p99, and the sample means of the controls: the gap between arrivals
   * first, then the service times of the stations, busiest first.
   */
  private static final class IndependentSamples {
    double[] means;
    double[] p99s;
    double[][] controls;
    int[] controlComponents;

    /** At least this many batches are kept when short batches are merged. */
    static final int MIN_BATCHES = 10;

    /** Whether every unit holds about the same number of requests. */
    boolean equalSizes = true;

    /** Whether the batch means still looked correlated after merging. */
    boolean correlated;

    double lagOneCorrelation;

    /**
     * The batches of one run. Batches too short to be independent show it as a positive lag-1
     * correlation of their means; adjacent batches are then merged in pairs, down to {@link
     * #MIN_BATCHES}, and if the correlation persists the run says so.
     */
    static IndependentSamples ofBatches(RunFigures run) {
      LatencyRecorder rec = run.endToEnd();
      int[] order = busiestFirst(run);
      List<double[]> rows =
          new ArrayList<>(); // sum, count, gapSum, gapCount, (serviceSum, serviceCount)...
      List<Histogram> histograms = new ArrayList<>();
      for (int b = 0; b < rec.batches(); b++) {
        if (rec.count(b) == 0) {
          continue;
        }
        double[] row = new double[4 + 2 * order.length];
        row[0] = rec.sum(b);
        row[1] = rec.count(b);
        row[2] = run.gapSums()[b];
        row[3] = run.gapCounts()[b];
        for (int j = 0; j < order.length; j++) {
          ComponentStats s = run.components()[order[j]].stats;
          row[4 + 2 * j] = s.serviceSums[b];
          row[5 + 2 * j] = s.serviceCounts[b];
        }
        rows.add(row);
        histograms.add(rec.batch(b).copy());
      }
      double r1 = lagOneCorrelation(rows);
      while (r1 > correlationThreshold(rows.size()) && rows.size() / 2 >= MIN_BATCHES) {
        List<double[]> merged = new ArrayList<>();
        List<Histogram> mergedHistograms = new ArrayList<>();
        for (int i = 0; i + 1 < rows.size(); i += 2) {
          double[] row = rows.get(i).clone();
          for (int k = 0; k < row.length; k++) {
            row[k] += rows.get(i + 1)[k];
          }
          merged.add(row);
          Histogram h = histograms.get(i);
          h.add(histograms.get(i + 1));
          mergedHistograms.add(h);
        }
        rows = merged;
        histograms = mergedHistograms;
        r1 = lagOneCorrelation(rows);
      }
      IndependentSamples u = new IndependentSamples();
      int n = rows.size();
      u.means = new double[n];
      u.p99s = new double[n];
      u.controlComponents = order;
      u.controls = new double[1 + order.length][n];
      u.lagOneCorrelation = r1;
      u.correlated = r1 > correlationThreshold(n);
      double fewest = rows.stream().mapToDouble(row -> row[1]).min().orElse(0);
      double most = rows.stream().mapToDouble(row -> row[1]).max().orElse(0);
      u.equalSizes = most <= fewest * 1.05 + 1;
      for (int i = 0; i < n; i++) {
        double[] row = rows.get(i);
        u.means[i] = row[0] / row[1];
        u.p99s[i] = LatencySummary.quantile(histograms.get(i), 0.99);
        u.controls[0][i] = row[3] == 0 ? Double.NaN : row[2] / row[3];
        for (int j = 0; j < order.length; j++) {
          u.controls[1 + j][i] = row[5 + 2 * j] == 0 ? Double.NaN : row[4 + 2 * j] / row[5 + 2 * j];
        }
      }
      return u;
    }

    /** The lag-1 autocorrelation of the batch means. */
    private static double lagOneCorrelation(List<double[]> rows) {
      int n = rows.size();
      if (n < 3) {
        return 0;
      }
      double[] m = rows.stream().mapToDouble(row -> row[0] / row[1]).toArray();
      double mean = Arrays.stream(m).average().orElse(0);
      double num = 0;
      double den = 0;
      for (int i = 0; i < n; i++) {
        den += (m[i] - mean) * (m[i] - mean);
        if (i + 1 < n) {
          num += (m[i] - mean) * (m[i + 1] - mean);
        }
      }
      return den == 0 ? 0 : num / den;
    }

    /**
     * One-sided 5 % test of independence: the lag-1 correlation of n independent means is about
     * normal with standard deviation 1/√n.
     */
    private static double correlationThreshold(int n) {
      return 1.645 / Math.sqrt(n);
    }

    static IndependentSamples ofReplications(List<RunFigures> runs) {
      IndependentSamples u = new IndependentSamples();
      int n = runs.size();
      u.means = new double[n];
      u.p99s = new double[n];
      int[] order = busiestFirst(runs.get(0));
      u.controlComponents = order;
      u.controls = new double[1 + order.length][n];
      for (int i = 0; i < n; i++) {
        RunFigures run = runs.get(i);
        LatencyRecorder rec = run.endToEnd();
        Histogram h = rec.merged();
        double sum = 0;
        for (int b = 0; b < rec.batches(); b++) {
          sum += rec.sum(b);
        }
        u.means[i] = sum / h.getTotalCount();
        if (i > 0
            && Math.abs(h.getTotalCount() - runs.get(0).measuredDone())
                > 0.05 * runs.get(0).measuredDone() + 1) {
          u.equalSizes = false;
        }
        u.p99s[i] = LatencySummary.quantile(h, 0.99);
        u.controls[0][i] = ratio(run.gapSums(), run.gapCounts());
        for (int j = 0; j < order.length; j++) {
          ComponentStats s = run.components()[order[j]].stats;
          u.controls[1 + j][i] = ratio(s.serviceSums, s.serviceCounts);
        }
      }
      return u;
    }

    private static double ratio(double[] sums, long[] counts) {
      double sum = 0;
      long count = 0;
      for (int b = 0; b < sums.length; b++) {
        sum += sums[b];
        count += counts[b];
      }
      return count == 0 ? Double.NaN : sum / count;
    }

    private static int[] busiestFirst(RunFigures run) {
      Component[] components = run.components();
      return IntStream.range(0, components.length)
          .filter(c -> Double.isFinite(components[c].knownMeanServiceSeconds()))
          .boxed()
          .sorted(
              (a, b) ->
                  Double.compare(
                      components[b].stats.busy.mean() / components[b].servers(),
                      components[a].stats.busy.mean() / components[a].servers()))
          .mapToInt(Integer::intValue)
          .toArray();
    }
  }
}
