package dev.blueprint.app.cli;

import dev.blueprint.simulator.config.UserFolders;
import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.io.Problem;
import dev.blueprint.simulator.model.ModelCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Options shared by every command that reads the catalogs. */
public final class CatalogOptions {
  @Option(
      names = "--hardware-dir",
      paramLabel = "DIR",
      description =
          "Folder of your own hardware profiles (default: $BLUEPRINT_HARDWARE_DIR or ~/.blueprint/hardware-profiles).")
  Path hardwareDir;

  @Option(
      names = "--models-dir",
      paramLabel = "DIR",
      description =
          "Folder of your own model profiles (default: $BLUEPRINT_MODELS_DIR or ~/.blueprint/models).")
  Path modelsDir;

  private Catalog<HardwareProfile> hardware;
  private ModelCatalog models;

  UserFolders folders() {
    return UserFolders.fromProcess(
        Optional.ofNullable(hardwareDir), Optional.ofNullable(modelsDir));
  }

  /** The hardware catalog; rejected user files are reported on {@code err}. */
  Catalog<HardwareProfile> hardware(PrintWriter err) {
    if (hardware == null) {
      hardware = HardwareCatalog.load(Optional.of(folders().hardware()));
      warn(err, "hardware profile", hardware.problems());
    }
    return hardware;
  }

  /** The model catalog; rejected user files are reported on {@code err}. */
  ModelCatalog models(PrintWriter err) {
    if (models == null) {
      models = ModelCatalog.load(Optional.of(folders().models()));
      warn(err, "model profile", models.profiles().problems());
    }
    return models;
  }

  private static void warn(PrintWriter err, String what, List<Problem> problems) {
    if (problems.isEmpty()) {
      return;
    }
    err.println("blueprint: warning: left out " + what + " files with problems:");
    for (Problem p : problems) {
      err.println("  " + p);
    }
    err.flush();
  }
}
