package dev.blueprint.simulator.des;

/**
 * A station: {@code servers} identical servers in front of a waiting line of bounded or unbounded
 * length; a request that finds the line full is dropped. The line is first come first served, or by
 * request-class priority (0 first) and first come first served within a priority. Gateways, feature
 * stores and vector indexes are stations whose service time comes from the request's sizes.
 */
final class Station extends Component {
  private static final int DEPART = 0;

  private int servers;
  private final int capacity;
  private final ServiceTime service;
  private final double meanService;
  private final String kind;

  /** One line per priority level in use; index 0 is served first. */
  private final IntQueue[] lines;

  private final int[] levelOfClass;
  private int waitingCount;
  private int busy;

  /**
   * @param capacity how many may wait; {@link Integer#MAX_VALUE} for no limit
   * @param meanService the true mean service time when draws are independent of everything else (a
   *     control variate), else NaN
   * @param levelOfClass each request class's line, or null for one first-come-first-served line
   */
  Station(
      String name,
      String kind,
      int servers,
      int capacity,
      ServiceTime service,
      double meanService,
      int[] levelOfClass,
      double bucketSeconds) {
    super(name, bucketSeconds);
    this.kind = kind;
    this.servers = servers;
    this.capacity = capacity;
    this.service = service;
    this.meanService = meanService;
    this.levelOfClass = levelOfClass;
    int levels = 1;
    if (levelOfClass != null) {
      for (int level : levelOfClass) {
        levels = Math.max(levels, level + 1);
      }
    }
    lines = new IntQueue[levels];
    for (int i = 0; i < levels; i++) {
      lines[i] = new IntQueue();
    }
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
    Requests requests = engine.requests;
    requests.entered[request] = now;
    boolean measured = engine.isMeasured(request);
    if (measured) {
      stats.arrivals++;
    }
    if (busy < servers) {
      start(request, now);
    } else if (waitingCount < capacity) {
      lines[levelOfClass == null ? 0 : levelOfClass[requests.klass[request]]].add(request);
      waitingCount++;
      stats.queue.set(now, waitingCount);
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
    double serviceSeconds = service.seconds(engine.requests, request);
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
    if (waitingCount > 0 && busy < servers) {
      for (IntQueue line : lines) {
        if (!line.isEmpty()) {
          int next = line.poll();
          waitingCount--;
          stats.queue.set(now, waitingCount);
          start(next, now);
          break;
        }
      }
    }
    engine.leave(request, 0, now);
  }

  String kind() {
    return kind;
  }

  @Override
  void resize(int count, double now) {
    servers = count;
    stats.capacity.set(now, count);
    while (busy < servers && waitingCount > 0) {
      for (IntQueue line : lines) {
        if (!line.isEmpty()) {
          int next = line.poll();
          waitingCount--;
          stats.queue.set(now, waitingCount);
          start(next, now);
          break;
        }
      }
    }
  }
}
