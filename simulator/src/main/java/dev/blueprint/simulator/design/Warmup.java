package dev.blueprint.simulator.design;

/**
 * The start of a run that is left out of the results, so that a system that starts empty is
 * measured in its steady state: a number of requests, a share of the requests, or a time.
 */
public sealed interface Warmup {
  /** The requests to leave out of a run that measures {@code measured} requests. */
  long requests(long measured, double meanRatePerSecond);

  /** The first {@code count} requests. */
  record Requests(long count) implements Warmup {
    public Requests {
      if (count < 0) {
        throw new IllegalArgumentException("warm-up requests must not be negative, got " + count);
      }
    }

    @Override
    public long requests(long measured, double meanRatePerSecond) {
      return count;
    }
  }

  /** A share of the measured requests, run before them ({@code 10%}). */
  record Share(double fraction) implements Warmup {
    public Share {
      if (!(fraction >= 0 && fraction < 1)) {
        throw new IllegalArgumentException(
            "a warm-up share must be at least 0% and below 100%, got " + fraction);
      }
    }

    @Override
    public long requests(long measured, double meanRatePerSecond) {
      return Math.round(measured * fraction);
    }
  }

  /** The requests that arrive in the first {@code seconds}, at the mean rate. */
  record Time(double seconds) implements Warmup {
    public Time {
      if (!(seconds >= 0) || !Double.isFinite(seconds)) {
        throw new IllegalArgumentException("a warm-up time must not be negative, got " + seconds);
      }
    }

    @Override
    public long requests(long measured, double meanRatePerSecond) {
      return Math.round(seconds * meanRatePerSecond);
    }
  }
}
