package dev.blueprint.simulator.hardware;

import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.io.TextFile;
import dev.blueprint.simulator.io.TextFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Loads hardware profiles: the shipped ones from the classpath, then a user folder. */
public final class HardwareCatalog {
  /** The classpath folder of the shipped profiles (the {@code hardware-profiles} jar). */
  public static final String RESOURCE_FOLDER = "hardware-profiles";

  private HardwareCatalog() {}

  /** The shipped profiles only. */
  public static Catalog<HardwareProfile> shipped() {
    return load(Optional.empty());
  }

  /**
   * The file {@code profile} was read from, as written (comments included): a user file, or the
   * shipped resource of its id.
   */
  public static TextFile sourceText(HardwareProfile profile) {
    Path path = Path.of(profile.origin());
    if (Files.isRegularFile(path)) {
      return TextFiles.read(path);
    }
    return TextFiles.classpathFolder(
            RESOURCE_FOLDER, ".yaml", HardwareCatalog.class.getClassLoader())
        .stream()
        .filter(file -> file.origin().equals(profile.origin()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "cannot find the file of profile "
                        + profile.id()
                        + " ("
                        + profile.origin()
                        + ")"));
  }

  /** The shipped profiles, then those in {@code userFolder} (replacing shipped ids). */
  public static Catalog<HardwareProfile> load(Optional<Path> userFolder) {
    return Catalog.load(
        "hardware profile",
        TextFiles.classpathFolder(RESOURCE_FOLDER, ".yaml", HardwareCatalog.class.getClassLoader()),
        userFolder.map(folder -> TextFiles.folder(folder, ".yaml")).orElse(List.of()),
        HardwareProfileParser::parse,
        HardwareProfile::id);
  }
}
