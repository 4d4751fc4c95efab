package dev.blueprint.simulator.des;

import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * A network hop: payloads are sent one after another over a link of fixed bandwidth (a single
 * server whose service is bytes / bandwidth), then each travels for the propagation latency, all in
 * parallel. Without a bandwidth the hop is a pure delay.
 */
final class NetworkHop extends Component {
  private static final int SENT = 0;
  private static final int ARRIVED = 1;

  private final ContinuousSampler latency;
  private final double bytesPerSecond;
  private final IntQueue sending = new IntQueue();
  private boolean linkBusy;
  private int inFlight;

  /**
   * @param bytesPerSecond the link rate, or infinity for no bandwidth limit
   */
  NetworkHop(String name, ContinuousSampler latency, double bytesPerSecond, double bucketSeconds) {
    super(name, bucketSeconds);
    this.latency = latency;
    this.bytesPerSecond = bytesPerSecond;
  }

  @Override
  int servers() {
    return Integer.MAX_VALUE;
  }

  @Override
  void arrive(int request, double now) {
    engine.requests.entered[request] = now;
    if (engine.isMeasured(request)) {
      stats.arrivals++;
    }
    inFlight++;
    stats.busy.set(now, inFlight);
    if (!Double.isFinite(bytesPerSecond)) {
      engine.schedule(now + latency.sample(), handler, ARRIVED, request, 0);
    } else if (!linkBusy) {
      send(request, now);
    } else {
      sending.add(request);
      stats.queue.set(now, sending.size());
    }
  }

  private void send(int request, double now) {
    linkBusy = true;
    if (engine.isMeasured(request)) {
      stats.recordWait(now - engine.requests.entered[request]);
    }
    engine.schedule(
        now + engine.requests.payloadBytes[request] / bytesPerSecond, handler, SENT, request, 0);
  }

  @Override
  void fire(int kind, int request, int aux, double now) {
    if (kind == SENT) {
      linkBusy = false;
      if (!sending.isEmpty()) {
        int next = sending.poll();
        stats.queue.set(now, sending.size());
        send(next, now);
      }
      engine.schedule(now + latency.sample(), handler, ARRIVED, request, 0);
      return;
    }
    inFlight--;
    stats.busy.set(now, inFlight);
    if (engine.isMeasured(request)) {
      stats.recordSojourn(now - engine.requests.entered[request]);
    }
    engine.leave(request, 0, now);
  }
}
