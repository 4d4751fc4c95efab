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
import java.util.Objects;

/**
 * A design file's text with what it is read against, kept so that variants of it (a sweep's points,
 * an optimised design) can be parsed exactly as the file itself is.
 *
 * @param text the file's text
 * @param origin the file, for messages and reports
 * @param context the files beside it and the catalogs
 */
public record DesignSource(String text, String origin, DesignContext context) {
  public DesignSource {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(origin, "origin");
    Objects.requireNonNull(context, "context");
  }

  /**
   * Reads a file, resolving the files it names beside it, against the shipped catalogs.
   *
   * @throws InvalidInputException when the file cannot be read
   */
  public static DesignSource read(Path file) {
    return read(file, HardwareCatalog.shipped(), ModelCatalog.shipped());
  }

  /**
   * Reads a file against the given catalogs (the shipped profiles and the user's own).
   *
   * @throws InvalidInputException when the file cannot be read
   */
  public static DesignSource read(
      Path file, Catalog<HardwareProfile> hardware, ModelCatalog models) {
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
    return new DesignSource(
        text, file.toString(), new DesignContext(DesignFiles.relativeTo(folder), hardware, models));
  }

  /** The same file with other text (an edited variant), reported under {@code newOrigin}. */
  public DesignSource withText(String newText, String newOrigin) {
    return new DesignSource(newText, newOrigin, context);
  }

  /**
   * @throws InvalidInputException naming the file, line, column and field of every problem
   */
  public Design parse() {
    return new DesignParser(context).parse(text, origin);
  }

  public String sha256() {
    return DesignParser.sha256(text);
  }
}
