package dev.blueprint.app.cli;

import dev.blueprint.simulator.hardware.PricingTier;
import dev.blueprint.simulator.perf.Recompute;
import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.Counts;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.TimeSpan;
import picocli.CommandLine.ITypeConverter;

/** Option converters that reuse the simulator's own parsers and their messages. */
final class Converters {
  private Converters() {}

  static final class PrecisionConverter implements ITypeConverter<Precision> {
    @Override
    public Precision convert(String value) {
      return Precision.parse(value);
    }
  }

  static final class PricingConverter implements ITypeConverter<PricingTier> {
    @Override
    public PricingTier convert(String value) {
      return PricingTier.parse(value);
    }
  }

  static final class RecomputeConverter implements ITypeConverter<Recompute> {
    @Override
    public Recompute convert(String value) {
      return Recompute.parse(value);
    }
  }

  static final class TimeSpanConverter implements ITypeConverter<TimeSpan> {
    @Override
    public TimeSpan convert(String value) {
      return TimeSpan.parse(value);
    }
  }

  static final class BandwidthConverter implements ITypeConverter<Bandwidth> {
    @Override
    public Bandwidth convert(String value) {
      return Bandwidth.parse(value);
    }
  }

  /** A count with a decimal suffix: {@code 1T}, {@code 300B}, {@code 2.5e12}. */
  static final class CountConverter implements ITypeConverter<Double> {
    @Override
    public Double convert(String value) {
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException e) {
        return Counts.parse(value);
      }
    }
  }
}
