package dev.blueprint.simulator.des;

import dev.blueprint.simulator.design.ArrivalProcess;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/** Produces the arrival times of an {@link ArrivalProcess}, one after another. */
interface ArrivalGenerator {
  /** The time of the arrival after one at {@code now}. */
  double next(double now);

  static ArrivalGenerator of(ArrivalProcess process, UniformRandomProvider random) {
    if (process instanceof ArrivalProcess.Poisson poisson) {
      ContinuousSampler gaps =
          ZigguratSampler.Exponential.of(random, 1 / poisson.rate().perSecond());
      return now -> now + gaps.sample();
    }
    if (process instanceof ArrivalProcess.Constant constant) {
      double gap = 1 / constant.rate().perSecond();
      // Counted from zero rather than added up, so ten million gaps carry no rounding drift.
      long[] count = {0};
      return now -> ++count[0] * gap;
    }
    if (process instanceof ArrivalProcess.Bursty bursty) {
      return new Mmpp(bursty, random);
    }
    if (process instanceof ArrivalProcess.Diurnal diurnal) {
      return new Thinning(diurnal, random);
    }
    if (process instanceof ArrivalProcess.Trace trace) {
      return new Replay(trace);
    }
    throw new IllegalArgumentException("no generator for " + process);
  }

  /**
   * Two-state Markov-modulated Poisson: exponential arrivals at the current state's rate, and
   * exponential stays in each state; memorylessness lets an arrival that would fall after a switch
   * be redrawn from the switch at the new rate.
   */
  final class Mmpp implements ArrivalGenerator {
    private final ContinuousSampler unit;
    private final double[] rates;
    private final double[] stays;
    private int state;
    private double switchAt;

    Mmpp(ArrivalProcess.Bursty b, UniformRandomProvider random) {
      unit = ZigguratSampler.Exponential.of(random);
      rates = new double[] {b.baseRatePerSecond(), b.peak().perSecond()};
      stays = new double[] {b.everySeconds() - b.burstSeconds(), b.burstSeconds()};
      switchAt = unit.sample() * stays[0];
    }

    @Override
    public double next(double now) {
      double t = now;
      while (true) {
        double rate = rates[state];
        double candidate = rate > 0 ? t + unit.sample() / rate : Double.POSITIVE_INFINITY;
        if (candidate < switchAt) {
          return candidate;
        }
        t = switchAt;
        state = 1 - state;
        switchAt = t + unit.sample() * stays[state];
      }
    }
  }

  /** Lewis–Shedler thinning: candidates at the peak rate, each kept with probability λ(t)/peak. */
  final class Thinning implements ArrivalGenerator {
    private final ArrivalProcess.Diurnal diurnal;
    private final ContinuousSampler gaps;
    private final UniformRandomProvider random;
    private final double peak;

    Thinning(ArrivalProcess.Diurnal diurnal, UniformRandomProvider random) {
      this.diurnal = diurnal;
      this.random = random;
      this.peak = diurnal.peak().perSecond();
      this.gaps = ZigguratSampler.Exponential.of(random, 1 / peak);
    }

    @Override
    public double next(double now) {
      double t = now;
      while (true) {
        t += gaps.sample();
        if (random.nextDouble() * peak <= diurnal.rateAt(t)) {
          return t;
        }
      }
    }
  }

  /** Replays a trace from time 0, shifted by one period on each loop. */
  final class Replay implements ArrivalGenerator {
    private final double[] times;
    private final double period;
    private final boolean loop;
    private int index;
    private long lap;

    Replay(ArrivalProcess.Trace trace) {
      double[] raw = trace.times();
      times = new double[raw.length];
      for (int i = 0; i < raw.length; i++) {
        times[i] = raw[i] - raw[0];
      }
      period = trace.periodSeconds();
      loop = trace.loop();
    }

    @Override
    public double next(double now) {
      if (index == times.length) {
        if (!loop) {
          return Double.POSITIVE_INFINITY;
        }
        index = 0;
        lap++;
      }
      return lap * period + times[index++];
    }
  }
}
