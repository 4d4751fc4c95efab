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
      ContinuousSampler gaps = ZigguratSampler.Exponential.of(random, 1 / poisson.rate().perSecond());
      return now -> now + gaps.sample();
    }
    if (process instanceof ArrivalProcess.Constant constant) {
      double gap = 1 / constant.rate().perSecond();
      // Counted from zero rather than added up, so ten million gaps carry no rounding drift.
      long[] count = {0};
      return now -> ++count[0] * gap;
    }
    throw new IllegalArgumentException("no generator for " + process);
  }
}
