package dev.blueprint.simulator.design;

import dev.blueprint.simulator.hardware.HardwareCatalog;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.Problem;
import dev.blueprint.simulator.model.ModelCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a design file from disk, with the files it refers to resolved beside it. */
public final class DesignLoader {
  private DesignLoader() {}

  /**
   * @throws InvalidInputException naming the file (and line, column and field) of every problem
   */
  public static Design load(Path file) {
    return load(file, HardwareCatalog.shipped(), ModelCatalog.shipped());
  }

  /**
   * Against the given catalogs (the shipped profiles and the user's own).
   *
   * @throws InvalidInputException naming the file (and line, column and field) of every problem
   */
  public static Design load(Path file, Catalog<HardwareProfile> hardware, ModelCatalog models) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw InvalidInputException.of(new Problem(file.toString(), 0, 0, "", "no such file"));
    } catch (IOException e) {
      throw InvalidInputException.of(
          new Problem(file.toString(), 0, 0, "", "cannot read: " + e.getMessage()));
    }
    Path folder = file.toAbsolutePath().getParent();
    return new DesignParser(new DesignContext(DesignFiles.relativeTo(folder), hardware, models))
        .parse(text, file.toString());
  }
}
