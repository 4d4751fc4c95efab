package dev.blueprint.simulator.perf;

/**
 * The M/M/c waiting line: requests arrive as a Poisson stream and take one of {@code c} identical
 * slots for an exponential time (the variable lengths of generated text make service times spread
 * widely). Used to find the arrival rate at which a percentile of the wait for a free slot stays
 * within a bound.
 */
final class ErlangC {
  private ErlangC() {}

  /**
   * Probability that an arrival waits, for {@code servers} slots at offered load {@code load}
   * (arrival rate × mean service time, below {@code servers}), by the Erlang-B recursion, which
   * stays stable for thousands of slots.
   */
  static double waitProbability(int servers, double load) {
    double blocking = 1;
    for (int k = 1; k <= servers; k++) {
      blocking = load * blocking / (k + load * blocking);
    }
    return servers * blocking / (servers - load * (1 - blocking));
  }

  /** The {@code quantile} of the waiting time (0 when at least that share does not wait). */
  static double waitQuantile(int servers, double serviceSeconds, double rate, double quantile) {
    double load = rate * serviceSeconds;
    if (load >= servers) {
      return Double.POSITIVE_INFINITY;
    }
    double waits = waitProbability(servers, load);
    if (waits <= 1 - quantile) {
      return 0;
    }
    // Given a wait, it is exponential with rate c·μ − λ.
    double drain = servers / serviceSeconds - rate;
    return Math.log(waits / (1 - quantile)) / drain;
  }

  /**
   * The highest arrival rate at which the {@code quantile} of the wait is at most {@code
   * waitBound}; 0 when even an idle system cannot meet a negative bound.
   */
  static double highestRate(int servers, double serviceSeconds, double waitBound, double quantile) {
    if (waitBound < 0) {
      return 0;
    }
    double low = 0;
    double high = servers / serviceSeconds;
    for (int i = 0; i < 60; i++) {
      double mid = (low + high) / 2;
      if (waitQuantile(servers, serviceSeconds, mid, quantile) <= waitBound) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return low;
  }
}
