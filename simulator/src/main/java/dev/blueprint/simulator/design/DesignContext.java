package dev.blueprint.simulator.design;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.model.ModelCatalog;
import java.util.Objects;

/**
 * What a design file is read against: the files beside it, and the hardware and model catalogs its
 * components name.
 */
public record DesignContext(
    DesignFiles files, Catalog<HardwareProfile> hardware, ModelCatalog models) {
  public DesignContext {
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(hardware, "hardware");
    Objects.requireNonNull(models, "models");
  }

  /** The shipped catalogs, with {@code files} for data files. */
  public static DesignContext shipped(DesignFiles files) {
    return new DesignContext(files, HardwareCatalog.shipped(), ModelCatalog.shipped());
  }
}
