package dev.blueprint.simulator.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class UserFoldersTest {
  final Path home = Path.of("/home/user");

  @Test
  void defaultsToTheBlueprintFolderInTheHome() {
    UserFolders f =
        UserFolders.resolve(Optional.empty(), Optional.empty(), Map.of(), new Properties(), home);
    assertThat(f.hardware()).isEqualTo(Path.of("/home/user/.blueprint/hardware-profiles"));
    assertThat(f.models()).isEqualTo(Path.of("/home/user/.blueprint/models"));
  }

  @Test
  void precedenceIsDefaultThenEnvironmentThenPropertyThenFlag() {
    Map<String, String> env = Map.of(UserFolders.HARDWARE_ENV, "/env");
    Properties props = new Properties();
    assertThat(UserFolders.resolve(Optional.empty(), Optional.empty(), env, props, home).hardware())
        .isEqualTo(Path.of("/env"));
    props.setProperty(UserFolders.HARDWARE_PROPERTY, "/prop");
    assertThat(UserFolders.resolve(Optional.empty(), Optional.empty(), env, props, home).hardware())
        .isEqualTo(Path.of("/prop"));
    assertThat(
            UserFolders.resolve(Optional.of(Path.of("/flag")), Optional.empty(), env, props, home)
                .hardware())
        .isEqualTo(Path.of("/flag"));
  }
}
