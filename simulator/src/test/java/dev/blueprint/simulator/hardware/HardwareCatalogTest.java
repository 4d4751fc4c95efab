package dev.blueprint.simulator.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.io.UnknownIdException;
import dev.blueprint.simulator.testing.Profiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HardwareCatalogTest {
  @TempDir Path userFolder;

  @Test
  void userProfilesAreAddedAndMayReplaceShippedOnes() throws IOException {
    Files.writeString(userFolder.resolve("test-gpu.yaml"), Profiles.MINIMAL_GPU);
    Files.writeString(
        userFolder.resolve("nvidia-t4.yaml"),
        Profiles.MINIMAL_GPU
            .replace("id: test-gpu", "id: nvidia-t4")
            .replace("name: Test GPU", "name: My T4"));
    Catalog<HardwareProfile> catalog = HardwareCatalog.load(Optional.of(userFolder));
    assertThat(catalog.get("test-gpu").name()).isEqualTo("Test GPU");
    assertThat(catalog.get("nvidia-t4").name()).isEqualTo("My T4");
    assertThat(catalog.isUserOverride("nvidia-t4")).isTrue();
    assertThat(catalog.problems()).isEmpty();
  }

  @Test
  void aBadUserFileIsLeftOutAndExplainedWhenAskedFor() throws IOException {
    Files.writeString(
        userFolder.resolve("test-gpu.yaml"),
        Profiles.MINIMAL_GPU.replace("tdp: 400W", "tdp: lots"));
    Catalog<HardwareProfile> catalog = HardwareCatalog.load(Optional.of(userFolder));
    assertThat(catalog.find("test-gpu")).isEmpty();
    assertThat(catalog.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.toString()).contains("test-gpu.yaml:17:8: field 'power.tdp'"));
    assertThatThrownBy(() -> catalog.get("test-gpu")).hasMessageContaining("its file was rejected");
    assertThat(catalog.find("nvidia-t4")).isPresent();
  }

  @Test
  void unknownIdsSuggestTheNearestOnes() {
    Catalog<HardwareProfile> catalog = HardwareCatalog.shipped();
    assertThatThrownBy(() -> catalog.get("nvidia-h100"))
        .isInstanceOf(UnknownIdException.class)
        .hasMessageContaining("unknown hardware profile 'nvidia-h100'; did you mean")
        .hasMessageContaining("nvidia-h100-sxm-80gb");
  }

  @Test
  void aMissingUserFolderIsNotAnError() {
    Catalog<HardwareProfile> catalog =
        HardwareCatalog.load(Optional.of(userFolder.resolve("absent")));
    assertThat(catalog.size()).isGreaterThanOrEqualTo(30);
  }
}
