package dev.blueprint.simulator.des;

import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * The event loop of one replication: arrivals enter the flow program, components move requests
 * along it, and measured requests are recorded when they leave the system.
 *
 * <p>A run measures the requests that arrive after the warm-up: either a count of them, or those
 * arriving within a time window. Arrivals go on after the last measured one, so that the measured
 * requests see a loaded system to the end; the run stops when the last of them is done. Time
 * averages (utilisation, queue length) cover the window from the first to the last measured
 * arrival.
 */
final class Engine {
  static final int KIND_BITS = 4;
  private static final int ENGINE_HANDLER = 0;
  private static final int ARRIVAL = 0;
  private static final int WINDOW_END = 1;
  private static final int TIMEOUT = 2;

  /**
   * Requests in the system beyond which a run is taken to be unstable and stopped (about 130 MB of
   * request slots; a million requests per second held for four seconds).
   */
  static final int MAX_IN_FLIGHT = 4_000_000;

  final Requests requests = new Requests(1024);
  private final EventQueue events = new EventQueue(1024);
  private final FlowProgram flow;
  private final Component[] components;
  private final ArrivalGenerator arrivals;
  private final RequestMix mix;
  private final LatencyRecorder endToEnd;

  /** End-to-end latency per request class (one class: the same as endToEnd, so not kept). */
  private final org.HdrHistogram.Histogram[] classLatency;

  private final double[] classSums;
  private final long[] classRequests;
  private final Window window;

  private double now;
  private double lastArrival;

  /** Gaps before measured arrivals, per batch: a control of {@link ControlVariates}. */
  private final double[] gapSums = new double[LatencyRecorder.BATCHES];

  private final long[] gapCounts = new long[LatencyRecorder.BATCHES];
  private long arrived;
  private long measuredArrived;
  private long measuredDone;

  /** Requests of any kind that completed while the window was open: the departure rate's count. */
  private long doneInWindow;

  private long measuredDropped;
  private long measuredTimedOut;
  private long eventsProcessed;
  private long arrivedAfterWindow;
  private boolean arrivalsEnded;

  /** Which components only watch, and how many of their events are pending. */
  private final boolean[] background;

  private int backgroundPending;
  private boolean windowOpen;
  private boolean windowClosed;
  private double windowStart;
  private double windowEnd;

  /**
   * The measured window: the first {@code warmupRequests} arrivals are left out; then either {@code
   * measuredRequests} arrivals are measured, or those arriving before {@code windowSeconds} have
   * passed since the warm-up ended.
   */
  /** Events between two looks at the progress listener and at the thread's interrupt flag. */
  private static final long CHECK_MASK = (1 << 16) - 1;

  /** Told the share of the run done so far, now and then; null for nobody. */
  private DoubleConsumer progress;

  void onProgress(DoubleConsumer listener) {
    this.progress = listener;
  }

  record Window(long warmupRequests, long measuredRequests, double windowSeconds) {
    boolean byCount() {
      return measuredRequests > 0;
    }
  }

  Engine(
      List<Component> components,
      FlowProgram flow,
      ArrivalGenerator arrivals,
      RequestMix mix,
      Window window) {
    this.components = components.toArray(new Component[0]);
    this.mix = mix;
    this.flow = flow;
    this.arrivals = arrivals;
    this.window = window;
    this.endToEnd = new LatencyRecorder(LatencyRecorder.BATCHES);
    int classes = mix.classes();
    this.classLatency = new org.HdrHistogram.Histogram[classes];
    for (int k = 0; k < classes; k++) {
      classLatency[k] = LatencyRecorder.newHistogram();
    }
    this.classSums = new double[classes];
    this.classRequests = new long[classes];
    this.background = new boolean[this.components.length];
    for (int i = 0; i < this.components.length; i++) {
      this.components[i].attach(this, i + 1);
      background[i] = this.components[i].background();
    }
  }

  /** Runs to the end and returns the raw figures. */
  RunFigures run() {
    for (Component c : components) {
      c.start(0);
    }
    schedule(arrivals.next(0), ENGINE_HANDLER, ARRIVAL, -1, 0);
    while (!isDone()) {
      if (events.size() == backgroundPending) {
        if (arrivalsEnded && !windowOpen) {
          throw new SimulationException(
              now,
              "engine",
              "the trace ended before the warm-up did ("
                  + arrived
                  + " arrivals); shorten the warm-up or loop the trace");
        }
        throw new SimulationException(
            now, "engine", "no events left with measured requests still in the system");
      }
      events.poll();
      now = events.time();
      if ((++eventsProcessed & CHECK_MASK) == 0) {
        check();
      }
      int target = events.target();
      int handler = target >>> KIND_BITS;
      if (handler != ENGINE_HANDLER && background[handler - 1]) {
        backgroundPending--;
      }
      int kind = target & ((1 << KIND_BITS) - 1);
      if (handler == ENGINE_HANDLER) {
        if (kind == ARRIVAL) {
          arrive(now);
        } else if (kind == TIMEOUT) {
          flow.timeout(this, events.request(), events.aux(), now);
        } else if (!windowClosed) {
          closeWindow(now);
        }
      } else {
        components[handler - 1].fire(kind, events.request(), events.aux(), now);
      }
    }
    return new RunFigures(
        endToEnd,
        components,
        measuredArrived,
        measuredDone,
        measuredDropped,
        measuredTimedOut,
        windowStart,
        windowEnd,
        eventsProcessed,
        gapSums,
        gapCounts,
        requests.inFlight(),
        classLatency,
        classSums,
        classRequests,
        doneInWindow);
  }

  /** Stops a run whose thread was interrupted (a cancelled GUI run) and reports progress. */
  private void check() {
    if (Thread.currentThread().isInterrupted()) {
      throw new SimulationException(now, "engine", "cancelled");
    }
    if (progress != null) {
      double done;
      if (window.byCount()) {
        done = arrived / (double) (window.warmupRequests() + window.measuredRequests());
      } else {
        done = windowOpen ? (now - windowStart) / window.windowSeconds() : 0;
      }
      progress.accept(Math.min(1, done));
    }
  }

  private boolean isDone() {
    return windowClosed && measuredDone + measuredDropped + measuredTimedOut == measuredArrived;
  }

  private void arrive(double now) {
    long index = arrived++;
    if (windowClosed && ++arrivedAfterWindow > 10 * measuredArrived + 1_000_000) {
      throw new SimulationException(
          now,
          "engine",
          (measuredArrived - measuredDone - measuredDropped - measuredTimedOut)
              + " measured requests never finished after ten times as many further arrivals; a component holds them");
    }
    int request = requests.allocate();
    if (requests.inFlight() > MAX_IN_FLIGHT) {
      throw new SimulationException(
          now,
          "engine",
          requests.inFlight()
              + " requests in the system: it cannot keep up with the arrivals (utilisation at or above 100%)");
    }
    requests.born[request] = now;
    requests.pc[request] = flow.entry();
    requests.measuredIndex[request] = -1;
    mix.draw(requests, request);
    if (index >= window.warmupRequests() && !windowClosed) {
      if (!windowOpen) {
        openWindow(now);
      }
      long m = measuredArrived++;
      requests.measuredIndex[request] = m;
      requests.batch[request] =
          window.byCount()
              ? (int) (m * endToEnd.batches() / window.measuredRequests())
              : Math.min(
                  endToEnd.batches() - 1,
                  (int) ((now - windowStart) / window.windowSeconds() * endToEnd.batches()));
      gapSums[requests.batch[request]] += now - lastArrival;
      gapCounts[requests.batch[request]]++;
      if (window.byCount() && measuredArrived == window.measuredRequests()) {
        closeWindow(now);
      }
    }
    lastArrival = now;
    double nextArrival = arrivals.next(now);
    if (Double.isFinite(nextArrival)) {
      schedule(nextArrival, ENGINE_HANDLER, ARRIVAL, -1, 0);
    } else {
      // A trace that does not loop has ended: what has arrived is all there is to measure.
      arrivalsEnded = true;
    }
    flow.advance(this, request, now);
    if (arrivalsEnded && !windowClosed && windowOpen) {
      closeWindow(now);
    }
  }

  private void openWindow(double now) {
    windowOpen = true;
    windowStart = now;
    if (!window.byCount()) {
      schedule(now + window.windowSeconds(), ENGINE_HANDLER, WINDOW_END, -1, 0);
    }
    for (Component c : components) {
      c.open(now);
    }
  }

  private void closeWindow(double now) {
    windowClosed = true;
    windowEnd = now;
    for (Component c : components) {
      c.close(now);
    }
  }

  boolean isMeasured(int request) {
    return requests.measuredIndex[request] >= 0;
  }

  void schedule(double time, int handler, int kind, int request, int aux) {
    if (handler != ENGINE_HANDLER && background[handler - 1]) {
      backgroundPending++;
    }
    events.schedule(time, (handler << KIND_BITS) | kind, request, aux);
  }

  /** A component is done with {@code request}; it continues along outlet {@code outlet}. */
  void leave(int request, int outlet, double now) {
    flow.leave(this, request, outlet, now);
  }

  /** A request that arrived reached the end of its flow, or failed on the way. */
  void complete(int request, double now) {
    if (windowOpen && !windowClosed && requests.failure[request] == Requests.OK) {
      doneInWindow++;
    }
    if (!isMeasured(request)) {
      return;
    }
    int k = requests.klass[request];
    classRequests[k]++;
    switch (requests.failure[request]) {
      case Requests.OK -> {
        double latency = now - requests.born[request];
        endToEnd.record(requests.batch[request], latency);
        if (classLatency.length > 1) {
          classLatency[k].recordValue(LatencyRecorder.toNanos(latency));
          classSums[k] += latency;
        }
        measuredDone++;
      }
      case Requests.DROPPED -> measuredDropped++;
      default -> measuredTimedOut++;
    }
  }

  /** A component turned the request away (a full queue). */
  void drop(int request, double now) {
    flow.fail(this, request, Requests.DROPPED, now);
  }

  void scheduleTimeout(double time, int request, int epoch) {
    schedule(time, ENGINE_HANDLER, TIMEOUT, request, epoch);
  }

  Component component(int index) {
    return components[index];
  }
}
