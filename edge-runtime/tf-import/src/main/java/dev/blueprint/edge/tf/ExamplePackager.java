package dev.blueprint.edge.tf;

import dev.blueprint.edge.data.FashionMnist;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.data.Wisdm;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.quant.CalibrationMethod;
import dev.blueprint.edge.quant.LayerError;
import dev.blueprint.edge.quant.Quantizer;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.LoadedModel;
import dev.blueprint.edge.runtime.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Builds one shipped example model folder ({@code models/edge/NAME/}) from the data: trains with
 * {@link ExampleTrainer}, imports the SavedModel with {@link SavedModelImporter}, quantizes with
 * the agent's {@link Quantizer}, writes the held-out samples in their original format beside the
 * data's licence notice, measures float, int8 and TensorFlow accuracy on the full held-out set, and
 * writes {@code model.yaml} describing it all.
 *
 * <p>Calibration uses 1,000 training samples (a seeded shuffle); of minmax and two percentiles, the
 * one whose int8 predictions agree most often with float on 2,000 other training samples wins
 * (ties: the smaller output error). The held-out set plays no part in any choice.
 */
public final class ExamplePackager {
  public static final int CALIBRATION_SAMPLES = 1000;
  public static final int SELECTION_SAMPLES = 2000;

  /** How many Fashion-MNIST test images are shipped for tests and the device. */
  public static final int FASHION_SHIPPED = 1000;

  static final List<CalibrationMethod> CANDIDATES =
      List.of(
          CalibrationMethod.minMax(),
          CalibrationMethod.percentile(99.99),
          CalibrationMethod.percentile(99.9));

  /** What a build produced, for the command's summary and the tests. */
  public record Summary(
      ExampleModel model,
      Path folder,
      ExampleTrainer.Result training,
      CalibrationMethod calibration,
      int heldOutSamples,
      double floatAccuracy,
      double int8Accuracy,
      double tensorflowAccuracy,
      List<String> files) {
    public Summary {
      files = List.copyOf(files);
    }
  }

  private ExamplePackager() {}

  /**
   * Builds {@code out} (created if needed; its {@code saved_model/} is replaced) for {@code model}
   * from the data under {@code dataDir}.
   */
  public static Summary build(
      ExampleModel model,
      Path dataDir,
      Path out,
      int epochs,
      long seed,
      String command,
      Consumer<String> log,
      Clock clock) {
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + out + ": " + e.getMessage(), e);
    }
    String name = model.label();
    ExampleTrainer.Split split = ExampleTrainer.load(model, dataDir);
    log.accept(
        String.format(
            Locale.ROOT,
            "%s: %d training and %d held-out samples from %s",
            name,
            split.training().size(),
            split.heldOut().size(),
            dataDir));
    Path savedModel = out.resolve("saved_model");
    ExampleTrainer.Result trained =
        ExampleTrainer.train(model, split, epochs, seed, savedModel, log);

    Graph floatGraph =
        SavedModelImporter.importModel(
            savedModel,
            SavedModelImporter.Options.defaults()
                .withName(name)
                .withLabels(split.training().classNames()));
    Path floatFile = out.resolve(name + ".bpm");
    ModelFile.write(floatGraph, floatFile);

    LabeledData pool = shuffled(split.training(), seed);
    LabeledData calibration = pool.slice(0, Math.min(CALIBRATION_SAMPLES, pool.size()));
    LabeledData selection =
        pool.slice(
            calibration.size(), Math.min(pool.size(), calibration.size() + SELECTION_SAMPLES));
    Quantizer.Result best = null;
    List<String> tried = new ArrayList<>();
    int batch = 250;
    for (CalibrationMethod c : CANDIDATES) {
      Quantizer.Result r =
          Quantizer.quantize(floatGraph, calibration.batches(batch), selection.batches(batch), c);
      double rmse = outputRmse(r);
      tried.add(
          String.format(
              Locale.ROOT,
              "%s: agreement %.4f, output rmse %.5f",
              c.label(),
              r.report().top1Agreement(),
              rmse));
      log.accept(name + " int8 with " + tried.get(tried.size() - 1));
      if (best == null
          || r.report().top1Agreement() > best.report().top1Agreement()
          || (r.report().top1Agreement() == best.report().top1Agreement()
              && rmse < outputRmse(best))) {
        best = r;
      }
    }
    Graph int8Graph = best.graph();
    Path int8File = out.resolve(name + "-int8.bpm");
    ModelFile.write(int8Graph, int8File);

    List<String> heldOutFiles = writeHeldOut(model, dataDir, split, out);
    double floatAcc = accuracy(new Interpreter(floatGraph), split.heldOut(), batch);
    double int8Acc = accuracy(new Interpreter(int8Graph), split.heldOut(), batch);
    double tfAcc;
    LoadedModel loaded =
        new LoadedModel(name, floatGraph, Optional.of(int8Graph), Optional.of(savedModel));
    try (Session tf = new TensorFlowBackend().open(loaded)) {
      tfAcc = accuracy(tf, split.heldOut(), 500);
    }
    String subset = "";
    if (model == ExampleModel.FASHION_CNN) {
      LabeledData shipped = split.heldOut().slice(0, FASHION_SHIPPED);
      subset =
          String.format(
              Locale.ROOT,
              "  shipped_subset:%n    samples: %d%n    float: %.4f%n    int8: %.4f%n",
              shipped.size(),
              accuracy(new Interpreter(floatGraph), shipped, batch),
              accuracy(new Interpreter(int8Graph), shipped, batch));
    }
    log.accept(
        String.format(
            Locale.ROOT,
            "%s on %d held-out samples: float %.2f%%, int8 %.2f%% (%s), TensorFlow %.2f%%",
            name,
            split.heldOut().size(),
            100 * floatAcc,
            100 * int8Acc,
            best.report().calibration().label(),
            100 * tfAcc));

    ModelYaml yaml =
        new ModelYaml(
            model,
            split,
            trained,
            best,
            tried,
            heldOutFiles,
            command,
            floatAcc,
            int8Acc,
            tfAcc,
            subset,
            LocalDate.now(clock));
    try {
      Files.writeString(out.resolve("model.yaml"), yaml.text(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write " + out.resolve("model.yaml") + ": " + e.getMessage(), e);
    }
    List<String> files =
        new ArrayList<>(
            List.of(
                "model.yaml",
                floatFile.getFileName().toString(),
                int8File.getFileName().toString(),
                "saved_model/"));
    files.addAll(heldOutFiles);
    return new Summary(
        model,
        out,
        trained,
        best.report().calibration(),
        split.heldOut().size(),
        floatAcc,
        int8Acc,
        tfAcc,
        files);
  }

  /** The RMSE of the last layer before softmax, or of the last layer. */
  private static double outputRmse(Quantizer.Result r) {
    List<LayerError> layers = r.report().layers();
    for (int i = layers.size() - 1; i >= 0; i--) {
      if (!layers.get(i).op().equals("softmax")) {
        return layers.get(i).rmse();
      }
    }
    return layers.get(layers.size() - 1).rmse();
  }

  private static LabeledData shuffled(LabeledData data, long seed) {
    int[] order = new int[data.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Random random = new Random(seed + 1); // a stream apart from the one training shuffles with
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return data.select(order);
  }

  /** Top-1 accuracy of {@code session} on {@code data}, run {@code batch} samples at a time. */
  public static double accuracy(Session session, LabeledData data, int batch) {
    int right = 0;
    for (int from = 0; from < data.size(); from += batch) {
      int to = Math.min(data.size(), from + batch);
      int[] predicted = session.run(data.batch(from, to)).get(0).argmaxPerRow();
      int[] labels = data.labels(from, to);
      for (int i = 0; i < labels.length; i++) {
        right += predicted[i] == labels[i] ? 1 : 0;
      }
    }
    return (double) right / data.size();
  }

  /**
   * Writes the held-out samples in the data's own format, with its licence notice; returns the file
   * names.
   */
  private static List<String> writeHeldOut(
      ExampleModel model, Path dataDir, ExampleTrainer.Split split, Path out) {
    try {
      return switch (model) {
        case FASHION_CNN -> {
          FashionMnist.write(
              split.heldOut(),
              0,
              FASHION_SHIPPED,
              out.resolve(FASHION_IMAGES),
              out.resolve(FASHION_LABELS));
          Files.copy(
              dataDir.resolve("fashion-mnist").resolve("COPYRIGHT"),
              out.resolve("COPYRIGHT"),
              StandardCopyOption.REPLACE_EXISTING);
          yield List.of(FASHION_IMAGES, FASHION_LABELS);
        }
        case WISDM_MLP -> {
          Path wisdm = dataDir.resolve("wisdm-har");
          int rows =
              Wisdm.copyRows(
                  wisdm.resolve(Wisdm.FILE),
                  out.resolve(WISDM_HELDOUT),
                  Wisdm.HELDOUT_USERS::contains);
          if (rows != split.heldOut().size()) {
            throw new IllegalStateException(
                "copied " + rows + " held-out rows, read " + split.heldOut().size());
          }
          Files.copy(
              wisdm.resolve("readme.txt"),
              out.resolve("readme.txt"),
              StandardCopyOption.REPLACE_EXISTING);
          yield List.of(WISDM_HELDOUT);
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the held-out files to " + out + ": " + e.getMessage(), e);
    }
  }

  public static final String FASHION_IMAGES = "heldout-images-idx3-ubyte.gz";
  public static final String FASHION_LABELS = "heldout-labels-idx1-ubyte.gz";
  public static final String WISDM_HELDOUT = "heldout-users.csv";

  /** The text of {@code model.yaml}. */
  private record ModelYaml(
      ExampleModel model,
      ExampleTrainer.Split split,
      ExampleTrainer.Result trained,
      Quantizer.Result quantized,
      List<String> tried,
      List<String> heldOutFiles,
      String command,
      double floatAcc,
      double int8Acc,
      double tfAcc,
      String subset,
      LocalDate date) {

    String text() {
      String name = model.label();
      StringBuilder y = new StringBuilder();
      y.append("# Written by ExamplePackager (blueprint-edge train-example ")
          .append(name)
          .append("); rerun the command below rather than editing by hand.\n");
      y.append("name: ").append(name).append('\n');
      y.append("task: ").append(q(model.task())).append('\n');
      y.append("dataset: ").append(q(model.dataset())).append('\n');
      y.append("labels:\n");
      for (String l : split.training().classNames()) {
        y.append("  - ").append(q(l)).append('\n');
      }
      y.append("input:\n");
      y.append("  name: ").append(model.inputName()).append('\n');
      y.append("  shape: ").append(split.training().sampleShape()).append('\n');
      y.append("  preprocessing: ").append(q(preprocessing())).append('\n');
      y.append("float: ").append(name).append(".bpm\n");
      y.append("int8: ").append(name).append("-int8.bpm\n");
      y.append("saved_model: saved_model\n");
      y.append("heldout:\n");
      for (String f : heldOutFiles) {
        y.append("  - ").append(f).append('\n');
      }
      y.append("heldout_format: ")
          .append(model == ExampleModel.FASHION_CNN ? "fashion-mnist-idx" : "wisdm-csv")
          .append('\n');
      y.append("heldout_description: ").append(q(heldOutDescription())).append('\n');
      y.append("training:\n");
      y.append("  epochs: ").append(trained.epochs()).append('\n');
      y.append("  seed: ").append(trained.seed()).append('\n');
      y.append("  optimizer: ").append(q(trained.optimizer())).append('\n');
      y.append("  samples: ").append(trained.trainingSamples()).append('\n');
      y.append("  data: ").append(q(trainingDescription())).append('\n');
      y.append("  tensorflow: ").append(q(trained.tensorflowVersion())).append('\n');
      y.append(String.format(Locale.ROOT, "  seconds: %.0f%n", trained.seconds()));
      y.append("  command: ").append(q(command)).append('\n');
      y.append("  command_without_edge_cli: ")
          .append(
              q(
                  "./mvnw -B -q -o install -DskipTests -pl edge-runtime/tf-import "
                      + "-am && ./mvnw -B -q -o -pl edge-runtime/tf-import exec:java "
                      + "-Dexec.mainClass=dev.blueprint.edge.tf.cli.TfCommands -Dexec.args='train-example "
                      + name
                      + "'"))
          .append('\n');
      y.append("quantization:\n");
      y.append("  calibration: ").append(q(quantized.report().calibration().label())).append('\n');
      y.append("  calibration_samples: ")
          .append(quantized.report().calibrationSamples())
          .append('\n');
      y.append("  chosen_by: ")
          .append(
              q(
                  "top-1 agreement with float on "
                      + quantized.report().evaluationSamples()
                      + " other training samples"))
          .append('\n');
      y.append("  candidates:\n");
      for (String t : tried) {
        y.append("    - ").append(q(t)).append('\n');
      }
      y.append("measured:\n");
      y.append("  date: ").append(date).append('\n');
      y.append("  heldout: ").append(q(fullHeldOut())).append('\n');
      y.append("  samples: ").append(split.heldOut().size()).append('\n');
      y.append(
          String.format(
              Locale.ROOT,
              "  float: %.4f%n  int8: %.4f%n  tensorflow: %.4f%n",
              floatAcc,
              int8Acc,
              tfAcc));
      y.append(subset);
      y.append("sources:\n");
      for (String s : sources()) {
        y.append("  - ").append(q(s)).append('\n');
      }
      return y.toString();
    }

    private String preprocessing() {
      return model == ExampleModel.FASHION_CNN
          ? "grey pixels as floats in [0, 1] (byte / 255), NHWC with the batch first; nothing else"
          : "the 43 raw feature values X0..RESULTANT in file order, '?' read as 0; the graph itself standardises "
              + "them with the training mean and standard deviation (its first add and mul)";
    }

    private String heldOutDescription() {
      return model == ExampleModel.FASHION_CNN
          ? "the first "
              + FASHION_SHIPPED
              + " images of the Fashion-MNIST test set (t10k), original gzipped IDX"
          : "every row of users "
              + new TreeSet<>(Wisdm.HELDOUT_USERS)
              + " from WISDM_ar_v1.1_transformed.csv, unchanged (header included)";
    }

    private String fullHeldOut() {
      return model == ExampleModel.FASHION_CNN
          ? "the full Fashion-MNIST test set (t10k, 10,000 images); shipped_subset is the first 1,000"
          : "all rows of the held-out users "
              + new TreeSet<>(Wisdm.HELDOUT_USERS)
              + " (people the model never saw)";
    }

    private String trainingDescription() {
      return model == ExampleModel.FASHION_CNN
          ? "the 60,000 Fashion-MNIST training images"
          : "the rows of the 29 other users; epochs chosen by validation on held-in users, never on the held-out ones";
    }

    private List<String> sources() {
      return model == ExampleModel.FASHION_CNN
          ? List.of(
              "Han Xiao, Kashif Rasul and Roland Vollgraf (2017). Fashion-MNIST: a Novel Image Dataset for "
                  + "Benchmarking Machine Learning Algorithms. arXiv:1708.07747. MIT licence (see COPYRIGHT).")
          : List.of(
              "Jennifer R. Kwapisz, Gary M. Weiss and Samuel A. Moore (2010). Activity Recognition using Cell "
                  + "Phone Accelerometers. Proceedings of the Fourth International Workshop on Knowledge Discovery from "
                  + "Sensor Data (at KDD-10), Washington DC. WISDM Lab, Fordham University; redistributed with "
                  + "readme.txt as it asks.");
    }

    /** A double-quoted YAML scalar. */
    private static String q(String s) {
      return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
  }
}
