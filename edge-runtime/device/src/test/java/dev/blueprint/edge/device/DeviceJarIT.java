package dev.blueprint.edge.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The jar a device installs holds what a device runs and nothing else: no GUI, no TensorFlow, no
 * broker, and none of the publisher's key and signing commands (docs/architecture.md). Runs after
 * the jar is built (failsafe, integration-test phase).
 */
class DeviceJarIT {
  private static final Path JAR = Path.of("target", "blueprint-edge.jar");

  private static List<String> entries() throws IOException {
    List<String> names = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      for (JarEntry e : Collections.list(jar.entries())) {
        names.add(e.getName());
      }
    }
    return names;
  }

  @Test
  void holdsTheAgentTheKernelsAndTheOpenClBackEnd() throws IOException {
    assertThat(Files.isRegularFile(JAR)).as(JAR + " was built").isTrue();
    assertThat(entries())
        .contains(
            "dev/blueprint/edge/cli/EdgeCli.class",
            "dev/blueprint/edge/agent/Agent.class",
            "dev/blueprint/edge/mqtt/PahoLink.class",
            "dev/blueprint/edge/kernels/VectorGemm.class");
    assertThat(entries()).anyMatch(n -> n.startsWith("dev/blueprint/edge/opencl/"));
  }

  @Test
  void holdsNoGuiTensorFlowBrokerOrPublisherTools() throws IOException {
    assertThat(entries())
        .noneMatch(
            n ->
                n.startsWith("javafx/")
                    || n.startsWith("org/tensorflow/")
                    || n.startsWith("io/moquette/")
                    || n.startsWith("dev/blueprint/edge/publisher/")
                    || n.startsWith("dev/blueprint/edge/coordinator/")
                    || n.startsWith("dev/blueprint/edge/tf/")
                    || n.startsWith("dev/blueprint/app/"));
    assertThat(entries())
        .as("no command can make or sign a release on a device")
        .noneMatch(n -> n.endsWith("/KeysCommand.class") || n.endsWith("/BundleCommand.class"))
        .noneMatch(n -> n.endsWith("/Bundles.class"));
  }
}
