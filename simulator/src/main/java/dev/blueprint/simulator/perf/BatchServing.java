package dev.blueprint.simulator.perf;

import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.model.LayerStack;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.units.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * Serving a non-generative model (CNN, encoder, recommender) with batching on one device: the time
 * of a batch, the best offline throughput, the latency of one sample, and the highest Poisson
 * arrival rate a p99 latency bound allows.
 *
 * <p>Server capacity uses a documented queueing approximation (docs/calibration.md, "Server
 * scenario"): batches of b samples take a deterministic S(b); at utilisation ρ of the batch server
 * the waiting time tail of an M/D/1 queue is approximated by {@code P(W > t) ≈ ρ exp(−2(1−ρ)t /
 * (ρS))} (heavy-traffic exponential tail, Poisson arrivals, deterministic service), and a request's
 * p99 latency is {@code W99 + 2S}: its own batch's service plus up to one service time while its
 * batch forms behind the one in service. The rate is maximised over batch sizes. The discrete-event
 * engine answers the same question by simulation.
 */
public final class BatchServing {
  /** The largest batch searched; MLPerf offline harnesses go this high for small models. */
  static final int MAX_BATCH = 65536;

  private final ModelProfile model;
  private final HardwareProfile hardware;
  private final PrecisionPlan plan;
  private final int sequence;
  private final KernelTimeModel timeModel;
  private final double residentTableFraction;

  public BatchServing(
      ModelProfile model, HardwareProfile hardware, Precision precision, int sequence) {
    this(model, hardware, precision, sequence, ExecutionMode.GRAPH);
  }

  public BatchServing(
      ModelProfile model,
      HardwareProfile hardware,
      Precision precision,
      int sequence,
      ExecutionMode mode) {
    hardware.requireRunnable(precision);
    this.model = model;
    this.hardware = hardware;
    this.plan = PrecisionPlan.forInference(precision);
    this.sequence = sequence;
    this.timeModel = new KernelTimeModel(hardware, mode);
    this.residentTableFraction = residentTableFraction();
  }

  /**
   * Embedding tables that do not fit in device memory next to the dense weights stay in host memory
   * and are gathered over the host link; everything else is resident.
   */
  private double residentTableFraction() {
    if (!(model.structure() instanceof LayerStack stack)) {
      return 1;
    }
    double tables = LayerCosts.tableBytes(stack, plan);
    if (tables == 0) {
      return 1;
    }
    double dense = LayerCosts.weightBytes(stack, plan) - tables;
    double usable = MemoryFit.budget(hardware).bytes();
    // Leave room for the batches' activations and the runtime's workspaces.
    double room = usable - dense - Math.max(MemoryBudget.WORKSPACE_BYTES, 0.1 * usable);
    return Math.max(0, Math.min(1, room / tables));
  }

  /** Share of embedding-table bytes held in device memory. */
  public double residentTableShare() {
    return residentTableFraction;
  }

  /** Seconds for one batch of {@code batch} samples. */
  public double batchSeconds(double batch) {
    return PlanTiming.of(
            Workloads.onDevice(
                Workloads.inferenceBatch(model, plan, batch, sequence, residentTableFraction),
                model,
                plan,
                batch,
                sequence,
                hardware),
            timeModel)
        .totalSeconds();
  }

  /** Whether a batch fits in memory next to the resident weights. */
  public boolean fits(double batch) {
    KernelPlan kernels =
        Workloads.inferenceBatch(model, plan, batch, sequence, residentTableFraction);
    double weights = Workloads.weightBytes(model, plan);
    if (model.structure() instanceof LayerStack stack) {
      weights -= LayerCosts.tableBytes(stack, plan) * (1 - residentTableFraction);
    }
    if (hardware.memory().onChip()) {
      // A batch is worth forming on an on-chip accelerator only while its activations share the
      // SRAM with the resident weights; beyond that the compiler would swap, and a single sample
      // always runs.
      double sram = hardware.memory().capacity().bytes();
      return batch <= 1 || Math.min(weights, sram) + Roofline.peakActivations(kernels) <= sram;
    }
    // Two batches' activations: the server stages the next batch while the current one runs.
    return MemoryFit.fits(hardware, weights + 2 * Roofline.peakActivations(kernels));
  }

  /** The batch sizes searched: powers of two that fit. */
  public List<Integer> candidateBatches() {
    List<Integer> batches = new ArrayList<>();
    for (int b = 1; b <= MAX_BATCH; b *= 2) {
      if (!fits(b)) {
        break;
      }
      batches.add(b);
    }
    if (batches.isEmpty()) {
      throw new MemoryFit.DoesNotFitException(
          "does not fit: "
              + model.id()
              + " in "
              + plan.weights().id()
              + " needs more memory than a batch of 1 leaves room for: "
              + MemoryFit.budgetPhrase(hardware));
    }
    return batches;
  }

  /**
   * The best throughput with every query available.
   *
   * @return samples per second and the batch that reaches it
   */
  public Throughput offline() {
    Throughput best = new Throughput(0, 1, 0);
    for (int b : candidateBatches()) {
      double seconds = batchSeconds(b);
      double rate = b / seconds;
      if (rate > best.samplesPerSecond() * 1.0001) {
        best = new Throughput(rate, b, seconds);
      }
    }
    return best;
  }

  /** Latency of one sample alone. */
  public double singleSampleSeconds() {
    return batchSeconds(1);
  }

  /**
   * The highest Poisson arrival rate whose p99 latency stays within {@code boundSeconds}.
   *
   * @return the rate, the batch it uses and that batch's service time; rate 0 when even one sample
   *     alone misses the bound
   */
  public Throughput server(double boundSeconds) {
    Throughput best = new Throughput(0, 1, 0);
    for (int b : candidateBatches()) {
      double service = batchSeconds(b);
      if (2 * service > boundSeconds) {
        break;
      }
      double utilisation = maxUtilisation(service, boundSeconds);
      double rate = utilisation * b / service;
      if (rate > best.samplesPerSecond()) {
        best = new Throughput(rate, b, service);
      }
    }
    return best;
  }

  /** The largest ρ whose approximate p99 latency {@code W99(ρ) + 2S} is within the bound. */
  static double maxUtilisation(double serviceSeconds, double boundSeconds) {
    double lo = 0;
    double hi = 0.999999;
    for (int i = 0; i < 100; i++) {
      double mid = (lo + hi) / 2;
      if (p99Seconds(mid, serviceSeconds) <= boundSeconds) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Approximate p99 latency of the batch queue at utilisation {@code rho}. */
  public static double p99Seconds(double rho, double serviceSeconds) {
    double wait = rho <= 0.01 ? 0 : rho * serviceSeconds / (2 * (1 - rho)) * Math.log(100 * rho);
    return Math.max(0, wait) + 2 * serviceSeconds;
  }

  /**
   * @param samplesPerSecond the rate
   * @param batch the batch size that reaches it
   * @param batchSeconds that batch's service time
   */
  public record Throughput(double samplesPerSecond, int batch, double batchSeconds) {}
}
