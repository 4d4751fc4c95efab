package dev.blueprint.simulator.des;

import dev.blueprint.simulator.design.ModelServerSpec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntToDoubleFunction;

/**
 * Replicas of a model, each running one batch at a time; a batch of b samples takes the time the
 * simulator core's performance model gives for b. Requests wait in one line in arrival order and
 * are grouped whole into batches of at most {@code maxBatch} samples (a request bigger than that
 * runs alone):
 *
 * <ul>
 *   <li>{@code none}: one request per batch;
 *   <li>{@code dynamic}: a free replica takes what is waiting as soon as it fills a batch, or once
 *       the oldest request has waited {@code max_queue_delay} (Triton's dynamic batcher);
 *   <li>{@code static}: only full batches run, or, with a {@code max_queue_delay}, whatever has
 *       waited that long.
 * </ul>
 */
final class ModelServer extends Component {
  private static final int BATCH_DONE = 0;
  private static final int TIMER = 1;

  private int replicas;

  /** Replicas to take out of service as they finish their batches. */
  private int retiring;

  /** Replica slots taken out of service, reused before new ones are made. */
  private final IntQueue retired = new IntQueue();

  private final ModelServerSpec.Batching batching;
  private final int maxBatch;
  private final double delay;
  private final IntToDoubleFunction batchSeconds;

  /** Samples per request, or 0 to take each request's item count. */
  private final int samplesPerRequest;

  private double[] serviceTable = new double[0];

  private final IntQueue waiting = new IntQueue();

  /** Samples of the waiting requests. */
  private long waitingSamples;

  private int[][] inService;

  /**
   * A second buffer per replica: the finished batch leaves from it while the replica fills the
   * other.
   */
  private int[][] leaving;

  private int[] inServiceCount;
  private int[] freeReplicas;
  private int freeCount;
  private int busy;
  private boolean timerPending;
  private double timerDue;

  // Measured batches, for the mean batch size.
  private long batches;
  private long batchedItems;

  ModelServer(
      String name, ModelServerSpec spec, IntToDoubleFunction batchSeconds, double bucketSeconds) {
    super(name, bucketSeconds);
    this.replicas = spec.replicas();
    this.batching = spec.batching();
    this.maxBatch = spec.maxBatch();
    this.delay = spec.maxQueueDelaySeconds();
    this.batchSeconds = batchSeconds;
    this.samplesPerRequest = spec.samplesPerRequest();
    inService = new int[replicas][Math.min(maxBatch, 1024)];
    leaving = new int[replicas][Math.min(maxBatch, 1024)];
    inServiceCount = new int[replicas];
    freeReplicas = new int[replicas];
    for (int r = 0; r < replicas; r++) {
      freeReplicas[r] = replicas - 1 - r;
    }
    freeCount = replicas;
  }

  @Override
  int servers() {
    return replicas;
  }

  @Override
  void arrive(int request, double now) {
    engine.requests.entered[request] = now;
    if (engine.isMeasured(request)) {
      stats.arrivals++;
    }
    waiting.add(request);
    waitingSamples += samples(request);
    stats.queue.set(now, waiting.size());
    dispatch(now);
  }

  @Override
  void fire(int kind, int request, int aux, double now) {
    if (kind == TIMER) {
      timerPending = false;
      dispatch(now);
      return;
    }
    int replica = aux;
    Requests requests = engine.requests;
    int count = inServiceCount[replica];
    // Swap buffers: the replica may take its next batch while these requests move on, and
    // nothing is allocated per batch.
    int[] batch = inService[replica];
    inService[replica] = leaving[replica];
    leaving[replica] = batch;
    inServiceCount[replica] = 0;
    if (retiring > 0) {
      retiring--;
      retired.add(replica);
    } else {
      freeReplicas[freeCount++] = replica;
    }
    busy--;
    stats.busy.set(now, busy);
    for (int i = 0; i < count; i++) {
      int r = batch[i];
      if (engine.isMeasured(r)) {
        stats.recordSojourn(now - requests.entered[r]);
      }
    }
    dispatch(now);
    for (int i = 0; i < count; i++) {
      engine.leave(batch[i], 0, now);
    }
  }

  private void dispatch(double now) {
    Requests requests = engine.requests;
    while (freeCount > 0 && !waiting.isEmpty()) {
      if (batching != ModelServerSpec.Batching.NONE && !ready(now)) {
        return;
      }
      int replica = freeReplicas[--freeCount];
      int taken = 0;
      int samples = 0;
      int limit = batching == ModelServerSpec.Batching.NONE ? 1 : maxBatch;
      while (!waiting.isEmpty()) {
        int next = waiting.peek();
        int size = samples(next);
        if (taken > 0 && (samples + size > limit || batching == ModelServerSpec.Batching.NONE)) {
          break;
        }
        waiting.poll();
        waitingSamples -= size;
        if (taken == inService[replica].length) {
          inService[replica] = Arrays.copyOf(inService[replica], taken * 2);
        }
        inService[replica][taken++] = next;
        samples += size;
        if (engine.isMeasured(next)) {
          stats.recordWait(now - requests.entered[next]);
        }
      }
      inServiceCount[replica] = taken;
      stats.queue.set(now, waiting.size());
      busy++;
      stats.busy.set(now, busy);
      if (engine.isMeasured(inService[replica][0])) {
        batches++;
        batchedItems += samples;
      }
      engine.schedule(now + seconds(samples), handler, BATCH_DONE, -1, replica);
    }
  }

  /** Whether the waiting line may form a batch now; if not, a timer is set for when it may. */
  private boolean ready(double now) {
    if (waitingSamples >= maxBatch) {
      return true;
    }
    if (batching == ModelServerSpec.Batching.STATIC && delay == 0) {
      return false;
    }
    double due = engine.requests.entered[waiting.peek()] + delay;
    if (now >= due) {
      return true;
    }
    if (!timerPending || timerDue > due) {
      timerPending = true;
      timerDue = due;
      engine.schedule(due, handler, TIMER, -1, 0);
    }
    return false;
  }

  private int samples(int request) {
    return samplesPerRequest > 0 ? samplesPerRequest : engine.requests.items[request];
  }

  private double seconds(int samples) {
    if (samples >= serviceTable.length) {
      int size =
          Math.max(
              samples + 1,
              Math.min(Math.max(serviceTable.length * 2, 64), Math.max(samples + 1, maxBatch + 1)));
      double[] bigger = Arrays.copyOf(serviceTable, size);
      Arrays.fill(bigger, serviceTable.length, size, Double.NaN);
      serviceTable = bigger;
    }
    double s = serviceTable[samples];
    if (Double.isNaN(s)) {
      s = batchSeconds.applyAsDouble(samples);
      serviceTable[samples] = s;
    }
    return s;
  }

  @Override
  void resize(int count, double now) {
    stats.capacity.set(now, count);
    int change = count - replicas;
    replicas = count;
    if (change < 0) {
      int remove = -change;
      int fromFree = Math.min(remove, freeCount);
      for (int i = 0; i < fromFree; i++) {
        retired.add(freeReplicas[--freeCount]);
      }
      retiring += remove - fromFree;
      return;
    }
    int cancel = Math.min(change, retiring);
    retiring -= cancel;
    change -= cancel;
    freeReplicas = Arrays.copyOf(freeReplicas, Math.max(freeReplicas.length, freeCount + change));
    while (change > 0 && !retired.isEmpty()) {
      freeReplicas[freeCount++] = retired.poll();
      change--;
    }
    int total = inService.length;
    if (change > 0) {
      // More replicas than ever before: new slots.
      inService = Arrays.copyOf(inService, total + change);
      leaving = Arrays.copyOf(leaving, total + change);
      inServiceCount = Arrays.copyOf(inServiceCount, total + change);
      freeReplicas = Arrays.copyOf(freeReplicas, Math.max(freeReplicas.length, freeCount + change));
      for (int r = total; r < total + change; r++) {
        inService[r] = new int[Math.min(maxBatch, 1024)];
        leaving[r] = new int[Math.min(maxBatch, 1024)];
        freeReplicas[freeCount++] = r;
      }
    }
    dispatch(now);
  }

  @Override
  Map<String, Double> details() {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("mean_batch_samples", batches == 0 ? Double.NaN : batchedItems / (double) batches);
    d.put("batches", (double) batches);
    return d;
  }
}
