package dev.blueprint.edge.shipped;

import dev.blueprint.edge.data.FashionMnist;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.data.Wisdm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A shipped model's data: the held-out subset that ships beside it, or — given the data set's
 * folder in its original layout ({@code ../shared/data/fashion-mnist}, {@code
 * ../shared/data/wisdm-har}) — the full held-out set and the training set, for calibration.
 */
public final class HeldOut {
  private HeldOut() {}

  /**
   * The held-out samples: from {@code dataDir} when given, else the subset shipped with the model.
   */
  public static LabeledData load(ShippedModel model, Optional<Path> dataDir) {
    String format = model.heldoutFormat();
    if (dataDir.isPresent()) {
      Path dir = dataDir.get();
      return switch (format) {
        case "fashion-mnist-idx" -> FashionMnist.test(dir);
        case "wisdm-csv" -> Wisdm.read(requireFile(dir, Wisdm.FILE)).heldOut().data();
        default -> throw unknown(model);
      };
    }
    if (model.heldout().isEmpty()) {
      throw new IllegalArgumentException(
          model.name() + " ships no held-out data; give --data with the data set");
    }
    return switch (format) {
      case "fashion-mnist-idx" -> {
        if (model.heldout().size() != 2) {
          throw new IllegalArgumentException(
              model.location().describe("model.yaml")
                  + ": heldout must list the images file and the labels file");
        }
        try (InputStream images = model.location().open(model.heldout().get(0));
            InputStream labels = model.location().open(model.heldout().get(1))) {
          yield FashionMnist.read(
              images,
              model.location().describe(model.heldout().get(0)),
              labels,
              model.location().describe(model.heldout().get(1)));
        } catch (IOException e) {
          throw new UncheckedIOException(e.getMessage(), e);
        }
      }
      case "wisdm-csv" -> {
        try (InputStream csv = model.location().open(model.heldout().get(0))) {
          yield Wisdm.read(csv, model.location().describe(model.heldout().get(0))).data();
        } catch (IOException e) {
          throw new UncheckedIOException(e.getMessage(), e);
        }
      }
      default -> throw unknown(model);
    };
  }

  /** Training samples for calibration, from the data set's folder. */
  public static LabeledData training(ShippedModel model, Path dataDir) {
    return switch (model.heldoutFormat()) {
      case "fashion-mnist-idx" -> FashionMnist.train(dataDir);
      case "wisdm-csv" -> Wisdm.read(requireFile(dataDir, Wisdm.FILE)).training().data();
      default -> throw unknown(model);
    };
  }

  private static Path requireFile(Path dir, String name) {
    Path file = dir.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          dir + " has no " + name + " (give the data set's own folder)");
    }
    return file;
  }

  private static IllegalArgumentException unknown(ShippedModel model) {
    return new IllegalArgumentException(
        model.location().describe("model.yaml")
            + ": heldout_format '"
            + model.heldoutFormat()
            + "' is not one this runtime reads (fashion-mnist-idx, wisdm-csv)");
  }
}
