package dev.blueprint.simulator.queueing;

import java.util.Locale;

/**
 * Closed forms of single queues, in seconds and requests per second. Each method states the model
 * it is exact for; none is an approximation unless its name says so.
 */
public final class QueueFormulas {
  private QueueFormulas() {}

  /** Utilisation {@code λ·E[S]/c} of {@code servers} servers. */
  public static double utilization(double arrivalRate, double meanService, int servers) {
    return arrivalRate * meanService / servers;
  }

  /**
   * Erlang's C formula: the probability that an arrival at an M/M/c queue has to wait.
   *
   * @throws IllegalArgumentException when the queue is unstable (utilisation ≥ 1)
   */
  public static double erlangC(double arrivalRate, double meanService, int servers) {
    double offered = arrivalRate * meanService; // a = λ/μ, in Erlangs
    double rho = offered / servers;
    requireStable(rho);
    // Erlang B by its recursion B(k) = a·B(k−1) / (k + a·B(k−1)), which stays in [0, 1] for
    // thousands of servers where a^c/c! would overflow; then C = B / (1 − ρ(1 − B)).
    double blocking = 1;
    for (int k = 1; k <= servers; k++) {
      blocking = offered * blocking / (k + offered * blocking);
    }
    return blocking / (1 - rho * (1 - blocking));
  }

  /** Mean waiting time in queue of M/M/c: {@code C(c, a) / (cμ − λ)}. */
  public static double mmcMeanWait(double arrivalRate, double meanService, int servers) {
    double c = erlangC(arrivalRate, meanService, servers);
    return c / (servers / meanService - arrivalRate);
  }

  /** Mean time in system of M/M/c: wait plus service. */
  public static double mmcMeanResponse(double arrivalRate, double meanService, int servers) {
    return mmcMeanWait(arrivalRate, meanService, servers) + meanService;
  }

  /**
   * The {@code q} quantile of the time in system of M/M/c (FIFO). The response is the wait (zero
   * with probability {@code 1 − C}, else exponential at rate {@code cμ − λ}) plus an independent
   * exponential service; its tail is solved for by bisection.
   */
  public static double mmcResponseQuantile(
      double arrivalRate, double meanService, int servers, double q) {
    if (!(q > 0 && q < 1)) {
      throw new IllegalArgumentException("a quantile must be between 0 and 1, got " + q);
    }
    double mu = 1 / meanService;
    double c = erlangC(arrivalRate, meanService, servers);
    double theta = servers * mu - arrivalRate;
    double lo = 0;
    double hi = meanService;
    while (mmcResponseTail(hi, mu, theta, c) > 1 - q) {
      hi *= 2;
    }
    for (int i = 0; i < 200; i++) {
      double mid = (lo + hi) / 2;
      if (mmcResponseTail(mid, mu, theta, c) > 1 - q) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return (lo + hi) / 2;
  }

  /** P(T > t) for T = W + S, W as above, S ~ Exp(μ). */
  private static double mmcResponseTail(double t, double mu, double theta, double c) {
    double serviceOnly = Math.exp(-mu * t);
    double withWait;
    if (Math.abs(theta - mu) < 1e-12 * mu) {
      // W and S exponential at the same rate: their sum is Erlang-2.
      withWait = Math.exp(-mu * t) * (1 + mu * t);
    } else {
      withWait = (theta * Math.exp(-mu * t) - mu * Math.exp(-theta * t)) / (theta - mu);
    }
    return (1 - c) * serviceOnly + c * withWait;
  }

  /**
   * Pollaczek–Khinchine: the mean wait in queue of M/G/1, {@code λ·E[S²] / (2(1 − ρ))} with {@code
   * E[S²] = Var[S] + E[S]²}.
   */
  public static double mg1MeanWait(double arrivalRate, double meanService, double serviceVariance) {
    double rho = arrivalRate * meanService;
    requireStable(rho);
    double secondMoment = serviceVariance + meanService * meanService;
    return arrivalRate * secondMoment / (2 * (1 - rho));
  }

  /** Mean time in system of M/G/1. */
  public static double mg1MeanResponse(
      double arrivalRate, double meanService, double serviceVariance) {
    return mg1MeanWait(arrivalRate, meanService, serviceVariance) + meanService;
  }

  /**
   * The Allen–Cunneen approximation of the mean wait in G/G/c: the M/M/c wait scaled by {@code (ca²
   * + cs²)/2}, the squared coefficients of variation of inter-arrival and service times. Exact for
   * M/M/c; an approximation otherwise.
   */
  public static double approximateGgcMeanWait(
      double arrivalRate, double meanService, int servers, double arrivalScv, double serviceScv) {
    return mmcMeanWait(arrivalRate, meanService, servers) * (arrivalScv + serviceScv) / 2;
  }

  /**
   * The M/M/c/K queue: c servers and room for {@code capacity} requests in all (in service and
   * waiting); arrivals that find it full are lost. Stable at any load.
   *
   * @return the loss probability, the mean number in the system and the mean time in system of
   *     admitted requests (by Little's law on the admitted rate)
   */
  public static FiniteQueue mmck(
      double arrivalRate, double meanService, int servers, int capacity) {
    if (capacity < servers) {
      throw new IllegalArgumentException(
          "capacity " + capacity + " is below the " + servers + " servers");
    }
    double a = arrivalRate * meanService;
    // Unnormalised state probabilities, scaled as they are built so that none overflows.
    double[] p = new double[capacity + 1];
    p[0] = 1;
    double max = 1;
    for (int n = 1; n <= capacity; n++) {
      p[n] = p[n - 1] * a / Math.min(n, servers);
      if (p[n] > 1e250) {
        for (int k = 0; k <= n; k++) {
          p[k] /= p[n];
        }
      }
      max = Math.max(max, p[n]);
    }
    double total = 0;
    for (double x : p) {
      total += x;
    }
    double inSystem = 0;
    for (int n = 0; n <= capacity; n++) {
      inSystem += n * p[n] / total;
    }
    double loss = p[capacity] / total;
    double admitted = arrivalRate * (1 - loss);
    double response = admitted > 0 ? inSystem / admitted : meanService;
    return new FiniteQueue(
        loss,
        inSystem,
        response,
        Math.max(0, response - meanService),
        admitted * meanService / servers);
  }

  /**
   * The steady state of a queue with limited room.
   *
   * @param lossProbability the share of arrivals turned away
   * @param meanInSystem requests in the system on average
   * @param meanResponse mean time in system of an admitted request
   * @param meanWait mean wait before service of an admitted request
   * @param utilization the busy share of the servers
   */
  public record FiniteQueue(
      double lossProbability,
      double meanInSystem,
      double meanResponse,
      double meanWait,
      double utilization) {}

  private static void requireStable(double rho) {
    if (!(rho < 1)) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT, "the queue is unstable: utilisation %.3f is not below 1", rho));
    }
  }
}
