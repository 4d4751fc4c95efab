package dev.blueprint.app.workbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/** PNG pictures of the window or of one part of it. */
final class Screenshots {
  private Screenshots() {}

  static void write(Node node, Path file) {
    save(node.snapshot(null, null), file);
  }

  /** The window as the screen shows it: at the desktop's scale (2 on a 4K screen set to 200 %). */
  static void write(Scene scene, Path file) {
    double scale = scene.getWindow() == null ? 1 : scene.getWindow().getOutputScaleX();
    if (scale == 1) {
      save(scene.snapshot(null), file);
      return;
    }
    javafx.scene.SnapshotParameters parameters = new javafx.scene.SnapshotParameters();
    parameters.setTransform(javafx.scene.transform.Transform.scale(scale, scale));
    save(scene.getRoot().snapshot(parameters, null), file);
  }

  private static void save(WritableImage image, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
