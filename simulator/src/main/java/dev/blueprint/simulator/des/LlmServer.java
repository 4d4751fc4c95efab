package dev.blueprint.simulator.des;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Replicas of an LLM engine with iteration-level batching (vLLM, TensorRT-LLM). A request goes to
 * the replica with the fewest requests, waits there first come first served, and is admitted when
 * fewer than {@code maxBatch} sequences run and the KV cache can hold its prompt and whole answer
 * (TensorRT-LLM's guaranteed-no-evict policy: nothing is ever preempted). Each iteration decodes
 * one token for every sequence whose prompt is done and spends the rest of the token budget on
 * prompt chunks, oldest first (chunked prefill); the iteration that finishes a prompt produces its
 * first token. Iteration times come from {@link LlmIterationTable}.
 */
final class LlmServer extends Component {
  private static final int ITERATION_DONE = 0;

  private final int replicas;
  private final int maxBatch;
  private final int maxTokens;
  private final double kvTokens;
  private final LlmIterationTable table;

  private final IntQueue[] waiting;
  private final int[][] running;
  private final int[] runningCount;
  private final double[] kvUsed;
  private final boolean[] iterating;
  private final int[] load;
  // Per request slot (grown with the slots): prompt tokens done, tokens generated, chunk in flight.
  private int[] prefilled = new int[0];
  private int[] generated = new int[0];
  private int[] chunk = new int[0];
  private double[] firstToken = new double[0];

  private int busyReplicas;
  private int runningTotal;
  final Histogram ttft = LatencyRecorder.newHistogram();
  final Histogram tpot = LatencyRecorder.newHistogram();
  private long measuredOutputTokens;
  private long iterations;
  private int[] finished = new int[16];

  /**
   * The previous iteration's finished list, reused: leaving may start this server's next iteration.
   */
  private int[] spareFinished = new int[16];

  private double sequencesIterated;

  LlmServer(
      String name,
      int replicas,
      int maxBatch,
      int maxTokens,
      double kvTokens,
      LlmIterationTable table,
      double bucketSeconds) {
    super(name, bucketSeconds);
    this.replicas = replicas;
    this.maxBatch = maxBatch;
    this.maxTokens = maxTokens;
    this.kvTokens = kvTokens;
    this.table = table;
    waiting = new IntQueue[replicas];
    running = new int[replicas][Math.min(maxBatch, 64)];
    runningCount = new int[replicas];
    kvUsed = new double[replicas];
    iterating = new boolean[replicas];
    load = new int[replicas];
    for (int r = 0; r < replicas; r++) {
      waiting[r] = new IntQueue();
    }
  }

  @Override
  int servers() {
    return replicas;
  }

  @Override
  void arrive(int request, double now) {
    Requests requests = engine.requests;
    requests.entered[request] = now;
    if (engine.isMeasured(request)) {
      stats.arrivals++;
    }
    if (requests.promptTokens[request] + requests.outputTokens[request] > kvTokens) {
      // It could never be admitted; an engine rejects it at once.
      if (engine.isMeasured(request)) {
        stats.drops++;
      }
      engine.drop(request, now);
      return;
    }
    ensureCapacity(request);
    int replica = 0;
    for (int r = 1; r < replicas; r++) {
      if (load[r] < load[replica]) {
        replica = r;
      }
    }
    load[replica]++;
    waiting[replica].add(request);
    stats.queue.set(now, queued());
    if (!iterating[replica]) {
      iterate(replica, now);
    }
  }

  private int queued() {
    int n = 0;
    for (IntQueue q : waiting) {
      n += q.size();
    }
    return n;
  }

  private void ensureCapacity(int request) {
    if (request >= prefilled.length) {
      int size = Math.max(request + 1, prefilled.length * 2);
      prefilled = Arrays.copyOf(prefilled, size);
      generated = Arrays.copyOf(generated, size);
      chunk = Arrays.copyOf(chunk, size);
      firstToken = Arrays.copyOf(firstToken, size);
    }
  }

  /** Admits what fits and starts the next iteration of {@code replica}, if it has work. */
  private void iterate(int replica, double now) {
    Requests requests = engine.requests;
    IntQueue line = waiting[replica];
    while (!line.isEmpty() && runningCount[replica] < maxBatch) {
      int next = line.peek();
      double need = requests.promptTokens[next] + requests.outputTokens[next];
      if (kvUsed[replica] + need > kvTokens) {
        break; // first come first served: the head waits for room, nobody overtakes it
      }
      line.poll();
      kvUsed[replica] += need;
      prefilled[next] = 0;
      generated[next] = 0;
      if (engine.isMeasured(next)) {
        stats.recordWait(now - requests.entered[next]);
      }
      int[] list = running[replica];
      if (runningCount[replica] == list.length) {
        running[replica] = list = Arrays.copyOf(list, list.length * 2);
      }
      list[runningCount[replica]++] = next;
      runningTotal++;
    }
    stats.queue.set(now, queued());
    int decodes = 0;
    double context = 0;
    int[] list = running[replica];
    for (int i = 0; i < runningCount[replica]; i++) {
      int r = list[i];
      if (prefilled[r] == requests.promptTokens[r]) {
        decodes++;
        context += requests.promptTokens[r] + generated[r];
      }
    }
    int budget = maxTokens - decodes;
    int prefill = 0;
    for (int i = 0; i < runningCount[replica] && budget > 0; i++) {
      int r = list[i];
      int left = requests.promptTokens[r] - prefilled[r];
      if (left > 0) {
        int take = Math.min(left, budget);
        chunk[r] = take;
        prefill += take;
        budget -= take;
      }
    }
    if (decodes == 0 && prefill == 0) {
      if (iterating[replica]) {
        iterating[replica] = false;
        busyReplicas--;
        stats.busy.set(now, busyReplicas);
      }
      return;
    }
    if (!iterating[replica]) {
      iterating[replica] = true;
      busyReplicas++;
      stats.busy.set(now, busyReplicas);
    }
    double seconds = table.seconds(decodes, decodes == 0 ? 0 : context / decodes, prefill);
    iterations++;
    sequencesIterated += decodes;
    engine.schedule(now + seconds, handler, ITERATION_DONE, -1, replica);
  }

  @Override
  void fire(int kind, int ignored, int replica, double now) {
    Requests requests = engine.requests;
    int[] list = running[replica];
    int kept = 0;
    int count = runningCount[replica];
    int finishedCount = 0;
    for (int i = 0; i < count; i++) {
      int r = list[i];
      boolean done = false;
      if (chunk[r] > 0) {
        prefilled[r] += chunk[r];
        chunk[r] = 0;
        if (prefilled[r] == requests.promptTokens[r]) {
          // The iteration that completes the prompt samples the first token.
          firstToken[r] = now;
          generated[r] = 1;
          if (engine.isMeasured(r)) {
            ttft.recordValue(LatencyRecorder.toNanos(now - requests.entered[r]));
          }
          done = generated[r] == requests.outputTokens[r];
        }
      } else if (prefilled[r] == requests.promptTokens[r]) {
        generated[r]++;
        done = generated[r] == requests.outputTokens[r];
      }
      if (done) {
        if (finishedCount == finished.length) {
          finished = Arrays.copyOf(finished, finished.length * 2);
        }
        finished[finishedCount++] = r;
      } else {
        list[kept++] = r;
      }
    }
    runningCount[replica] = kept;
    for (int i = 0; i < finishedCount; i++) {
      int r = finished[i];
      kvUsed[replica] -= requests.promptTokens[r] + requests.outputTokens[r];
      load[replica]--;
      runningTotal--;
      if (engine.isMeasured(r)) {
        stats.recordSojourn(now - requests.entered[r]);
        measuredOutputTokens += requests.outputTokens[r];
        if (requests.outputTokens[r] > 1) {
          tpot.recordValue(
              LatencyRecorder.toNanos((now - firstToken[r]) / (requests.outputTokens[r] - 1)));
        }
      }
    }
    iterate(replica, now);
    // Swap buffers rather than copy: leaving may bring requests back to this server, whose
    // next iteration fills the other buffer.
    int[] leaving = finished;
    finished = spareFinished;
    spareFinished = leaving;
    for (int i = 0; i < finishedCount; i++) {
      engine.leave(leaving[i], 0, now);
    }
  }

  @Override
  Map<String, Double> details() {
    Map<String, Double> d = new LinkedHashMap<>();
    d.put("ttft_p50_ms", LatencySummary.quantile(ttft, 0.50) * 1e3);
    d.put("ttft_p99_ms", LatencySummary.quantile(ttft, 0.99) * 1e3);
    d.put("tpot_p50_ms", LatencySummary.quantile(tpot, 0.50) * 1e3);
    d.put("tpot_p99_ms", LatencySummary.quantile(tpot, 0.99) * 1e3);
    d.put("mean_decode_batch", iterations == 0 ? Double.NaN : sequencesIterated / iterations);
    d.put("measured_output_tokens", (double) measuredOutputTokens);
    return d;
  }
}
