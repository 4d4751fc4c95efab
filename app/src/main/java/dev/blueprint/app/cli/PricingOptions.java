package dev.blueprint.app.cli;

import dev.blueprint.simulator.hardware.PricingTier;
import picocli.CommandLine.Option;

/** The {@code --pricing} option of the commands that report cost. */
public final class PricingOptions {
  @Option(
      names = "--pricing",
      defaultValue = "on-demand",
      converter = Converters.PricingConverter.class,
      description =
          "on-demand, spot, reserved-1y, reserved-3y or purchase (default: ${DEFAULT-VALUE}).")
  PricingTier tier;
}
