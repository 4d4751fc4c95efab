package dev.blueprint.edge.shipped;

import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.runtime.LoadedModel;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model that ships with the runtime, as described by its {@code model.yaml}: where its float and
 * int8 graphs are, its labels, its held-out data. Files are read from a folder in a source checkout
 * or from the class path in the device jar.
 */
public record ShippedModel(
    String name,
    String task,
    String dataset,
    List<String> labels,
    String floatFile,
    String int8File,
    Optional<String> savedModel,
    List<String> heldout,
    String heldoutFormat,
    Map<String, Object> manifest,
    Location location) {

  public ShippedModel {
    Objects.requireNonNull(name, "name");
    labels = List.copyOf(labels);
    heldout = List.copyOf(heldout);
  }

  /** Where a model's files are: a folder, or a class-path prefix ending in '/'. */
  public interface Location {
    InputStream open(String file) throws IOException;

    Optional<Path> folder();

    String describe(String file);
  }

  public static Location folder(Path dir) {
    return new Location() {
      @Override
      public InputStream open(String file) throws IOException {
        return Files.newInputStream(dir.resolve(file));
      }

      @Override
      public Optional<Path> folder() {
        return Optional.of(dir);
      }

      @Override
      public String describe(String file) {
        return dir.resolve(file).toString();
      }
    };
  }

  public static Location classpath(String prefix) {
    return new Location() {
      @Override
      public InputStream open(String file) throws IOException {
        InputStream in = ShippedModel.class.getClassLoader().getResourceAsStream(prefix + file);
        if (in == null) {
          throw new FileNotFoundException("class path resource " + prefix + file);
        }
        return in;
      }

      @Override
      public Optional<Path> folder() {
        return Optional.empty();
      }

      @Override
      public String describe(String file) {
        return "classpath:" + prefix + file;
      }
    };
  }

  public byte[] readBytes(String file) {
    try (InputStream in = location.open(file)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(location.describe(file) + ": " + e.getMessage(), e);
    }
  }

  public Graph floatGraph() {
    return ModelFile.fromBytes(readBytes(floatFile), location.describe(floatFile));
  }

  public Graph int8Graph() {
    return ModelFile.fromBytes(readBytes(int8File), location.describe(int8File));
  }

  /** The SavedModel folder, when this checkout has it (never in the device jar). */
  public Optional<Path> savedModelFolder() {
    return location
        .folder()
        .flatMap(dir -> savedModel.map(dir::resolve))
        .filter(Files::isDirectory);
  }

  public LoadedModel load() {
    return new LoadedModel(name, floatGraph(), Optional.of(int8Graph()), savedModelFolder());
  }
}
