package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.RequestRate;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/** How requests arrive at a design. */
public sealed interface ArrivalProcess {
  /** The long-run mean rate. */
  RequestRate meanRate();

  /** Independent arrivals at a constant rate: exponential gaps. */
  record Poisson(RequestRate rate) implements ArrivalProcess {
    public Poisson {
      Objects.requireNonNull(rate, "rate");
      if (rate.perSecond() <= 0) {
        throw new IllegalArgumentException("a Poisson rate must be positive, got " + rate);
      }
    }

    @Override
    public RequestRate meanRate() {
      return rate;
    }
  }

  /** Evenly spaced arrivals (a camera at 100 Hz, a batch job's clock). */
  record Constant(RequestRate rate) implements ArrivalProcess {
    public Constant {
      Objects.requireNonNull(rate, "rate");
      if (rate.perSecond() <= 0) {
        throw new IllegalArgumentException("a constant rate must be positive, got " + rate);
      }
    }

    @Override
    public RequestRate meanRate() {
      return rate;
    }
  }

  /**
   * Bursts on a steady stream, as a two-state Markov-modulated Poisson process: bursts at rate
   * {@code peak} last an exponential time of mean {@code burstSeconds} and start on average every
   * {@code everySeconds}; between them the rate is whatever keeps the long-run mean at {@code rate}
   * (zero makes it an on/off source).
   */
  record Bursty(RequestRate rate, RequestRate peak, double burstSeconds, double everySeconds)
      implements ArrivalProcess {
    public Bursty {
      Objects.requireNonNull(rate, "rate");
      Objects.requireNonNull(peak, "peak");
      if (!(burstSeconds > 0) || !(everySeconds > burstSeconds)) {
        throw new IllegalArgumentException(
            "a burst must be positive and shorter than the time between bursts");
      }
      if (!(peak.perSecond() >= rate.perSecond()) || rate.perSecond() <= 0) {
        throw new IllegalArgumentException("the burst rate must be at least the mean rate");
      }
      if (baseRate(rate, peak, burstSeconds, everySeconds) < -1e-9) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "bursts of %s for %.3gs every %.3gs alone exceed the mean rate %s; shorten or thin the bursts",
                peak.toHumanString(),
                burstSeconds,
                everySeconds,
                rate.toHumanString()));
      }
    }

    /** The rate between bursts. */
    public double baseRatePerSecond() {
      return Math.max(0, baseRate(rate, peak, burstSeconds, everySeconds));
    }

    private static double baseRate(RequestRate rate, RequestRate peak, double burst, double every) {
      double quiet = every - burst;
      return (rate.perSecond() * every - peak.perSecond() * burst) / quiet;
    }

    @Override
    public RequestRate meanRate() {
      return rate;
    }
  }

  /**
   * A daily cycle: a non-homogeneous Poisson process whose rate follows a cosine between {@code
   * trough} and {@code peak}, highest at {@code peakAtSeconds} into each period (time 0 is midnight
   * when the period is a day).
   */
  record Diurnal(RequestRate peak, RequestRate trough, double peakAtSeconds, double periodSeconds)
      implements ArrivalProcess {
    public Diurnal {
      Objects.requireNonNull(peak, "peak");
      Objects.requireNonNull(trough, "trough");
      if (!(peak.perSecond() > 0) || trough.perSecond() > peak.perSecond()) {
        throw new IllegalArgumentException(
            "the peak rate must be positive and at least the trough");
      }
      if (!(periodSeconds > 0) || peakAtSeconds < 0 || peakAtSeconds >= periodSeconds) {
        throw new IllegalArgumentException("peak_at must fall within the period");
      }
    }

    /** The rate at time {@code t}. */
    public double rateAt(double t) {
      double phase = 2 * Math.PI * (t - peakAtSeconds) / periodSeconds;
      return trough.perSecond()
          + (peak.perSecond() - trough.perSecond()) * (1 + Math.cos(phase)) / 2;
    }

    @Override
    public RequestRate meanRate() {
      return RequestRate.perSecond((peak.perSecond() + trough.perSecond()) / 2);
    }
  }

  /**
   * Replays recorded arrival times (seconds from any origin, ascending), starting over when the
   * trace ends if {@code loop}.
   */
  record Trace(double[] times, boolean loop, String file) implements ArrivalProcess {
    public Trace {
      Objects.requireNonNull(file, "file");
      if (times.length < 2) {
        throw new IllegalArgumentException("a trace needs at least two arrival times");
      }
      times = times.clone();
      for (int i = 1; i < times.length; i++) {
        if (times[i] < times[i - 1]) {
          throw new IllegalArgumentException(
              "trace times must not decrease (entry " + (i + 1) + ")");
        }
      }
      if (!(times[times.length - 1] > times[0])) {
        throw new IllegalArgumentException("a trace must span some time");
      }
    }

    @Override
    public double[] times() {
      return times.clone();
    }

    /** The length of one replay: the span plus one mean gap, so a looped trace keeps its rate. */
    public double periodSeconds() {
      double span = times[times.length - 1] - times[0];
      return span + span / (times.length - 1);
    }

    @Override
    public RequestRate meanRate() {
      return RequestRate.perSecond(times.length / periodSeconds());
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof Trace t && Arrays.equals(times, t.times) && loop == t.loop;
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(times) * 31 + Boolean.hashCode(loop);
    }

    @Override
    public String toString() {
      return "Trace[" + times.length + " arrivals from " + file + ", loop=" + loop + "]";
    }
  }
}
