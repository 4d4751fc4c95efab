package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.RequestRate;
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
}
