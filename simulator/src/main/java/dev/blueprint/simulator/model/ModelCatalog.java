package dev.blueprint.simulator.model;

import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.io.Suggestions;
import dev.blueprint.simulator.io.TextFiles;
import dev.blueprint.simulator.io.UnknownIdException;
import dev.blueprint.simulator.units.DataSize;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Model profiles by id: the shipped ones from the classpath, a user folder, and the synthetic ids
 * {@code gemm-MxNxK} (one M×K by K×N matrix multiply) and {@code allreduce-SIZE} (also {@code
 * allgather-}, {@code reducescatter-}, {@code alltoall-}) that are generated on demand.
 */
public final class ModelCatalog {
  /** The classpath folder of the shipped profiles (the {@code models} jar). */
  public static final String RESOURCE_FOLDER = "models";

  private static final Pattern GEMM = Pattern.compile("gemm-(\\d+)x(\\d+)x(\\d+)");
  private static final Pattern COLLECTIVE =
      Pattern.compile(
          "(allreduce|allgather|reducescatter|alltoall)-(\\d+(?:\\.\\d+)?)(b|kb|mb|gb|tb|kib|mib|gib|tib)");

  private final Catalog<ModelProfile> catalog;

  private ModelCatalog(Catalog<ModelProfile> catalog) {
    this.catalog = catalog;
  }

  public static ModelCatalog shipped() {
    return load(Optional.empty());
  }

  public static ModelCatalog load(Optional<Path> userFolder) {
    return new ModelCatalog(
        Catalog.load(
            "model",
            TextFiles.classpathFolder(
                RESOURCE_FOLDER, ".yaml", ModelCatalog.class.getClassLoader()),
            userFolder.map(folder -> TextFiles.folder(folder, ".yaml")).orElse(List.of()),
            ModelProfileParser::parse,
            ModelProfile::id));
  }

  /** The profiles read from files (synthetic ones are not listed). */
  public Catalog<ModelProfile> profiles() {
    return catalog;
  }

  /**
   * The profile with this id, or the synthetic model it names.
   *
   * @throws UnknownIdException with the nearest ids
   */
  public ModelProfile get(String id) {
    Optional<ModelProfile> loaded = catalog.find(id);
    if (loaded.isPresent()) {
      return loaded.get();
    }
    Optional<ModelProfile> synthetic = synthetic(id);
    if (synthetic.isPresent()) {
      return synthetic.get();
    }
    try {
      return catalog.get(id);
    } catch (UnknownIdException e) {
      throw new UnknownIdException(
          "model",
          id,
          Suggestions.nearest(id, catalog.ids(), 3),
          e.getMessage().contains("rejected")
              ? e.getMessage().substring(e.getMessage().indexOf(';'))
              : " (synthetic models are written gemm-MxNxK or allreduce-SIZE, e.g. allreduce-1gib)");
    }
  }

  /** The synthetic model an id names, if it is of a synthetic form. */
  public static Optional<ModelProfile> synthetic(String id) {
    Matcher gemm = GEMM.matcher(id);
    if (gemm.matches()) {
      int m = Integer.parseInt(gemm.group(1));
      int n = Integer.parseInt(gemm.group(2));
      int k = Integer.parseInt(gemm.group(3));
      if (m < 1 || n < 1 || k < 1) {
        return Optional.empty();
      }
      Layer layer =
          new Layer(
              "gemm",
              "dense",
              OpClass.MATRIX,
              (double) k * n,
              (double) m * n * k,
              0,
              (double) m * k + (double) m * n,
              0,
              m + "x" + k + " * " + k + "x" + n);
      return Optional.of(
          new ModelProfile(
              id,
              "GEMM " + m + "x" + n + "x" + k,
              ModelFamily.SYNTHETIC,
              "kernel",
              new LayerStack(m + "x" + k, List.of(layer), 1),
              PublishedFigures.NONE,
              Map.of("synthetic", "generated from the id"),
              "One matrix multiply: an M x K matrix times a K x N matrix; the K x N operand is"
                  + " counted as the weights, read once.",
              "synthetic"));
    }
    Matcher collective = COLLECTIVE.matcher(id.toLowerCase(Locale.ROOT));
    if (collective.matches()) {
      String unit =
          switch (collective.group(3)) {
            case "b" -> "B";
            case "kb" -> "kB";
            case "mb" -> "MB";
            case "gb" -> "GB";
            case "tb" -> "TB";
            case "kib" -> "KiB";
            case "mib" -> "MiB";
            case "gib" -> "GiB";
            default -> "TiB";
          };
      DataSize size = DataSize.parse(collective.group(2) + unit);
      CollectiveSpec.Operation operation = CollectiveSpec.Operation.parse(collective.group(1));
      return Optional.of(
          new ModelProfile(
              id,
              operation.id() + " of " + size,
              ModelFamily.SYNTHETIC,
              "collective",
              new CollectiveSpec(operation, size),
              PublishedFigures.NONE,
              Map.of("synthetic", "generated from the id"),
              "",
              "synthetic"));
    }
    return Optional.empty();
  }
}
