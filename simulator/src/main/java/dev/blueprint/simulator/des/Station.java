package dev.blueprint.simulator.des;

import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * A station: {@code servers} identical servers fed first-come first-served from one waiting
 * line of bounded or unbounded length; a request that finds the line full is dropped.
 */
final class Station extends Component {
  private static final int DEPART = 0;

  private final int servers;
  private final int capacity;
  private final ContinuousSampler service;
  private final double meanService;
  private final IntQueue waiting = new IntQueue();
  private int busy;

  /**
   * @param capacity how many may wait; {@link Integer#MAX_VALUE} for no limit
   */
  Station(String name, int servers, int capacity, ContinuousSampler service, double meanService,
      double bucketSeconds) {
    super(name, bucketSeconds);
    this.meanService = meanService;
    this.servers = servers;
    this.capacity = capacity;
    this.service = service;
  }

  @Override
  int servers() {
    return servers;
  }

  @Override
  double knownMeanServiceSeconds() {
    return meanService;
  }

  @Override
  void arrive(int request, double now) {
    engine.requests.entered[request] = now;
    boolean measured = engine.isMeasured(request);
    if (measured) {
      stats.arrivals++;
    }
    if (busy < servers) {
      start(request, now);
    } else if (waiting.size() < capacity) {
      waiting.add(request);
      stats.queue.set(now, waiting.size());
    } else {
      if (measured) {
        stats.drops++;
      }
      engine.drop(request, now);
    }
  }

  private void start(int request, double now) {
    busy++;
    stats.busy.set(now, busy);
    double serviceSeconds = service.sample();
    if (engine.isMeasured(request)) {
      stats.recordWait(now - engine.requests.entered[request]);
      stats.recordService(engine.requests.batch[request], serviceSeconds);
    }
    engine.schedule(now + serviceSeconds, handler, DEPART, request, 0);
  }

  @Override
  void fire(int kind, int request, int aux, double now) {
    busy--;
    stats.busy.set(now, busy);
    if (engine.isMeasured(request)) {
      stats.recordSojourn(now - engine.requests.entered[request]);
    }
    if (!waiting.isEmpty()) {
      int next = waiting.poll();
      stats.queue.set(now, waiting.size());
      start(next, now);
    }
    engine.leave(request, 0, now);
  }
}
