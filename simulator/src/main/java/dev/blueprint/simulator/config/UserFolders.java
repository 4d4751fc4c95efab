package dev.blueprint.simulator.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * Where the user's own profiles live. The precedence, lowest first: the built-in default ({@code
 * ~/.blueprint/hardware-profiles}, {@code ~/.blueprint/models}), the environment ({@code
 * BLUEPRINT_HARDWARE_DIR}, {@code BLUEPRINT_MODELS_DIR}), a system property ({@code
 * blueprint.hardware.dir}, {@code blueprint.models.dir}), a command-line flag ({@code
 * --hardware-dir}, {@code --models-dir}).
 *
 * @param hardware the user hardware-profile folder
 * @param models the user model-profile folder
 */
public record UserFolders(Path hardware, Path models) {
  public static final String HARDWARE_ENV = "BLUEPRINT_HARDWARE_DIR";
  public static final String MODELS_ENV = "BLUEPRINT_MODELS_DIR";
  public static final String HARDWARE_PROPERTY = "blueprint.hardware.dir";
  public static final String MODELS_PROPERTY = "blueprint.models.dir";

  public UserFolders {
    Objects.requireNonNull(hardware, "hardware");
    Objects.requireNonNull(models, "models");
  }

  /**
   * Resolves both folders.
   *
   * @param hardwareFlag the {@code --hardware-dir} value, if given
   * @param modelsFlag the {@code --models-dir} value, if given
   * @param environment the process environment
   * @param properties the system properties
   * @param home the user's home folder
   */
  public static UserFolders resolve(
      Optional<Path> hardwareFlag,
      Optional<Path> modelsFlag,
      Map<String, String> environment,
      Properties properties,
      Path home) {
    return new UserFolders(
        pick(
            hardwareFlag,
            properties.getProperty(HARDWARE_PROPERTY),
            environment.get(HARDWARE_ENV),
            home.resolve(".blueprint").resolve("hardware-profiles")),
        pick(
            modelsFlag,
            properties.getProperty(MODELS_PROPERTY),
            environment.get(MODELS_ENV),
            home.resolve(".blueprint").resolve("models")));
  }

  /** Resolves against this process's environment, properties and home. */
  public static UserFolders fromProcess(Optional<Path> hardwareFlag, Optional<Path> modelsFlag) {
    return resolve(
        hardwareFlag,
        modelsFlag,
        System.getenv(),
        System.getProperties(),
        Path.of(System.getProperty("user.home")));
  }

  private static Path pick(
      Optional<Path> flag, String property, String environment, Path fallback) {
    if (flag.isPresent()) {
      return flag.get();
    }
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    if (environment != null && !environment.isBlank()) {
      return Path.of(environment);
    }
    return fallback;
  }
}
