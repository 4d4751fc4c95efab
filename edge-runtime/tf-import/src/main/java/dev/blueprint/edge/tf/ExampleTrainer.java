package dev.blueprint.edge.tf;

import com.google.protobuf.CodedOutputStream;
import dev.blueprint.edge.data.FashionMnist;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.data.Wisdm;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.TensorFlow;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;

/**
 * Trains the example models with TensorFlow Java on the real data and saves each as a SavedModel
 * whose serving signature ({@code serving_default}: one input, output {@code probabilities}) holds
 * only the inference graph — no optimizer state — so it stays small and imports cleanly.
 *
 * <p>Runs are reproducible: initial weights come from {@link Random} seeded with the seed, so does
 * the order of samples in every epoch, and TensorFlow runs on a fixed number of threads. (oneDNN
 * may still pick different kernels on a different CPU, which changes the last bits.)
 *
 * <ul>
 *   <li>{@code fashion-cnn}: conv 3×3×16 relu same → max pool 2 → conv 3×3×32 relu same → max pool
 *       2 → flatten → dense 64 relu → dense 10 → softmax; Adam 0.001, batches of 64.
 *   <li>{@code wisdm-mlp}: add(−training mean) → mul(1 / training std) → dense 64 relu → dense 32
 *       relu → dense 6 → softmax; Adam 0.001, batches of 32. The standardisation constants are part
 *       of the graph, so the model takes the raw features {@link Wisdm} reads.
 * </ul>
 */
public final class ExampleTrainer {
  /** The signature key, as TensorFlow's Python API names the default one. */
  public static final String SIGNATURE = "serving_default";

  public static final String OUTPUT = "probabilities";

  /** Where the label names go in a SavedModel folder, one per line. */
  public static final String LABELS_FILE = "assets.extra/labels.txt";

  /** What a training run did. */
  public record Result(
      ExampleModel model,
      int epochs,
      long seed,
      String optimizer,
      int trainingSamples,
      double seconds,
      List<Double> heldOutAccuracyPerEpoch,
      String tensorflowVersion) {
    public Result {
      heldOutAccuracyPerEpoch = List.copyOf(heldOutAccuracyPerEpoch);
    }

    /** TensorFlow's accuracy on the held-out data after the last epoch. */
    public double heldOutAccuracy() {
      return heldOutAccuracyPerEpoch.get(heldOutAccuracyPerEpoch.size() - 1);
    }
  }

  /** The data a model trains on and is checked on. */
  public record Split(LabeledData training, LabeledData heldOut) {}

  /** One weight tensor: its name ({@code scope/kernel}), TensorFlow shape and values. */
  private record Param(String name, long[] shape, float[] values) {}

  private ExampleTrainer() {}

  /**
   * The training and held-out data of {@code model} under {@code dataDir} (the folder holding
   * {@code fashion-mnist/} and {@code wisdm-har/}): Fashion-MNIST's training and test files; WISDM
   * split by user ({@link Wisdm#HELDOUT_USERS} held out).
   */
  public static Split load(ExampleModel model, Path dataDir) {
    return switch (model) {
      case FASHION_CNN -> {
        Path dir = dataDir.resolve("fashion-mnist");
        yield new Split(FashionMnist.train(dir), FashionMnist.test(dir));
      }
      case WISDM_MLP -> {
        Wisdm all = Wisdm.read(dataDir.resolve("wisdm-har").resolve(Wisdm.FILE));
        yield new Split(all.training().data(), all.heldOut().data());
      }
    };
  }

  /**
   * Trains {@code model} on {@code split.training()} for {@code epochs} epochs and saves it to
   * {@code savedModelDir} (replaced if it exists), reporting progress to {@code log}.
   */
  public static Result train(
      ExampleModel model,
      Split split,
      int epochs,
      long seed,
      Path savedModelDir,
      Consumer<String> log) {
    if (epochs <= 0) {
      throw new IllegalArgumentException("epochs must be positive, got " + epochs);
    }
    LabeledData train = split.training();
    Random random = new Random(seed);
    List<Param> params = initialParams(model, train, random);
    long start = System.nanoTime();
    List<Double> accuracy = new ArrayList<>();
    List<Param> trained;
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      long[] inputShape = batchShape(train);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(inputShape)));
      Placeholder<TFloat32> y = tf.withName("y").placeholder(TFloat32.class);
      Map<String, Variable<TFloat32>> vars = new LinkedHashMap<>();
      Map<String, Placeholder<TFloat32>> inits = new LinkedHashMap<>();
      List<Op> assigns = new ArrayList<>();
      declare(tf, params, null, vars, inits, assigns);
      Operand<TFloat32> logits = forward(scopes(tf), model, x, vars, constants(model, train));
      Operand<TFloat32> probs = tf.nn.softmax(logits);
      Operand<TFloat32> loss =
          tf.math.mean(tf.nn.softmaxCrossEntropyWithLogits(logits, y).loss(), tf.constant(0));
      Op step =
          GatedAdam.minimize(g, tf, loss, new ArrayList<>(vars.values()), model.learningRate());
      try (Session s = new Session(g, TfTensors.config())) {
        assign(s, params, inits, assigns);
        int n = train.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
          order[i] = i;
        }
        int batch = model.batchSize();
        int per = train.sampleShape().size();
        int classes = train.classNames().size();
        for (int epoch = 1; epoch <= epochs; epoch++) {
          shuffle(order, random);
          double lossSum = 0;
          int steps = 0;
          for (int from = 0; from < n; from += batch) {
            int to = Math.min(n, from + batch);
            int[] idx = Arrays.copyOfRange(order, from, to);
            float[] features = new float[idx.length * per];
            train.gather(idx, features);
            float[] oneHot = new float[idx.length * classes];
            for (int i = 0; i < idx.length; i++) {
              oneHot[i * classes + train.label(idx[i])] = 1f;
            }
            long[] shape = inputShape.clone();
            shape[0] = idx.length;
            try (TFloat32 xt = TfTensors.of(features, shape);
                TFloat32 yt = TfTensors.of(oneHot, idx.length, classes);
                org.tensorflow.Result r =
                    s.runner().feed(x, xt).feed(y, yt).addTarget(step).fetch(loss).run()) {
              lossSum += ((TFloat32) r.get(0)).getFloat();
              steps++;
            }
          }
          double acc = evaluate(s, x, probs, split.heldOut(), inputShape);
          accuracy.add(acc);
          log.accept(
              String.format(
                  Locale.ROOT,
                  "%s epoch %d/%d: training loss %.4f, held-out accuracy %.2f%% (%.0f s)",
                  model.label(),
                  epoch,
                  epochs,
                  lossSum / steps,
                  100 * acc,
                  (System.nanoTime() - start) / 1e9));
        }
        trained = read(s, params, vars);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    export(
        model,
        trained,
        constants(model, train),
        batchShape(train),
        train.classNames(),
        savedModelDir);
    return new Result(
        model,
        epochs,
        seed,
        String.format(
            Locale.ROOT,
            "Adam (learning rate %s, beta1 %s, beta2 %s, epsilon 1e-8), batches of %d, "
                + "softmax cross-entropy",
            model.learningRate(),
            GatedAdam.BETA1,
            GatedAdam.BETA2,
            model.batchSize()),
        train.size(),
        seconds,
        accuracy,
        TensorFlow.version());
  }

  /** The top-1 accuracy of the graph's probabilities on {@code data}. */
  private static double evaluate(
      Session s,
      Operand<TFloat32> x,
      Operand<TFloat32> probs,
      LabeledData data,
      long[] inputShape) {
    int right = 0;
    for (int from = 0; from < data.size(); from += 1000) {
      int to = Math.min(data.size(), from + 1000);
      long[] shape = inputShape.clone();
      shape[0] = to - from;
      try (TFloat32 xt = TfTensors.of(data.features(from, to), shape);
          org.tensorflow.Result r = s.runner().feed(x, xt).fetch(probs).run()) {
        float[] p = TfTensors.floats((TFloat32) r.get(0));
        int classes = p.length / (to - from);
        int[] labels = data.labels(from, to);
        for (int i = 0; i < labels.length; i++) {
          int best = 0;
          for (int c = 1; c < classes; c++) {
            if (p[i * classes + c] > p[i * classes + best]) {
              best = c;
            }
          }
          right += best == labels[i] ? 1 : 0;
        }
      }
    }
    return (double) right / data.size();
  }

  private static long[] batchShape(LabeledData data) {
    int[] dims = data.sampleShape().dims();
    long[] shape = new long[dims.length + 1];
    shape[0] = -1;
    for (int i = 0; i < dims.length; i++) {
      shape[i + 1] = dims[i];
    }
    return shape;
  }

  /** Glorot-uniform weights and zero biases, drawn in a fixed order from {@code random}. */
  private static List<Param> initialParams(ExampleModel model, LabeledData train, Random random) {
    List<Param> p = new ArrayList<>();
    switch (model) {
      case FASHION_CNN -> {
        layer(p, "conv1", new long[] {3, 3, 1, 16}, 9, 9 * 16, random);
        layer(p, "conv2", new long[] {3, 3, 16, 32}, 9 * 16, 9 * 32, random);
        layer(p, "dense1", new long[] {7 * 7 * 32, 64}, 7 * 7 * 32, 64, random);
        layer(
            p,
            "logits",
            new long[] {64, train.classNames().size()},
            64,
            train.classNames().size(),
            random);
      }
      case WISDM_MLP -> {
        int features = train.sampleShape().size();
        layer(p, "dense1", new long[] {features, 64}, features, 64, random);
        layer(p, "dense2", new long[] {64, 32}, 64, 32, random);
        layer(
            p,
            "logits",
            new long[] {32, train.classNames().size()},
            32,
            train.classNames().size(),
            random);
      }
    }
    return p;
  }

  private static void layer(
      List<Param> p, String scope, long[] kernel, int fanIn, int fanOut, Random random) {
    int n = 1;
    for (long d : kernel) {
      n *= (int) d;
    }
    float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (random.nextFloat() * 2 - 1) * limit;
    }
    p.add(new Param(scope + "/kernel", kernel, w));
    long out = kernel[kernel.length - 1];
    p.add(new Param(scope + "/bias", new long[] {out}, new float[(int) out]));
  }

  /**
   * Graph constants that are not trained: WISDM's standardisation, {@code -mean} and {@code 1 /
   * std} of each training feature (1 where a feature never varies, as XAVG does).
   */
  private static Map<String, float[]> constants(ExampleModel model, LabeledData train) {
    Map<String, float[]> c = new LinkedHashMap<>();
    if (model == ExampleModel.WISDM_MLP) {
      float[] mean = train.featureMeans();
      float[] std = train.featureStdDevs();
      float[] negMean = new float[mean.length];
      float[] invStd = new float[std.length];
      for (int i = 0; i < mean.length; i++) {
        negMean[i] = -mean[i];
        invStd[i] = std[i] > 1e-6f ? 1f / std[i] : 1f;
      }
      c.put("normalize/neg_mean", negMean);
      c.put("normalize/inv_std", invStd);
    }
    return c;
  }

  /**
   * Declares one variable per parameter, and an assign from a placeholder to set it. Scoped names
   * ({@code dense1/kernel}, with {@code scopes}) read well in the exported graph; the training
   * graph uses flat ones ({@code dense1_kernel}, {@code scopes} null) because the optimizer derives
   * slot names that may not hold a slash.
   */
  private static void declare(
      Ops tf,
      List<Param> params,
      Function<String, Ops> scopes,
      Map<String, Variable<TFloat32>> vars,
      Map<String, Placeholder<TFloat32>> inits,
      List<Op> assigns) {
    for (Param p : params) {
      String scope = p.name().substring(0, p.name().indexOf('/'));
      String leaf = p.name().substring(p.name().indexOf('/') + 1);
      boolean scoped = scopes != null;
      Ops at = scoped ? scopes.apply(scope) : tf;
      String name = scoped ? leaf : scope + "_" + leaf;
      Variable<TFloat32> v = at.withName(name).variable(Shape.of(p.shape()), TFloat32.class);
      Placeholder<TFloat32> init = at.withName(name + "_value").placeholder(TFloat32.class);
      vars.put(p.name(), v);
      inits.put(p.name(), init);
      assigns.add(at.withName(name + "_assign").assign(v, init));
    }
  }

  private static void assign(
      Session s, List<Param> params, Map<String, Placeholder<TFloat32>> inits, List<Op> assigns) {
    List<TFloat32> values = new ArrayList<>();
    try {
      Session.Runner runner = s.runner();
      for (Param p : params) {
        TFloat32 t = TfTensors.of(p.values(), p.shape());
        values.add(t);
        runner.feed(inits.get(p.name()), t);
      }
      assigns.forEach(runner::addTarget);
      runner.run().close();
    } finally {
      values.forEach(TFloat32::close);
    }
  }

  private static List<Param> read(
      Session s, List<Param> params, Map<String, Variable<TFloat32>> vars) {
    List<Param> out = new ArrayList<>();
    for (Param p : params) {
      try (org.tensorflow.Result r = s.runner().fetch(vars.get(p.name())).run()) {
        out.add(new Param(p.name(), p.shape(), TfTensors.floats((TFloat32) r.get(0))));
      }
    }
    return out;
  }

  /**
   * One sub-scope per layer name, made once, so a layer's variables and ops share {@code layer/}.
   */
  private static Function<String, Ops> scopes(Ops tf) {
    Map<String, Ops> made = new HashMap<>();
    return name -> made.computeIfAbsent(name, tf::withSubScope);
  }

  /**
   * The logits; {@code scope} gives each layer's name scope, {@code p} holds each parameter by
   * name, {@code constants} the fixed vectors.
   */
  private static Operand<TFloat32> forward(
      Function<String, Ops> scope,
      ExampleModel model,
      Operand<TFloat32> x,
      Map<String, ? extends Operand<TFloat32>> p,
      Map<String, float[]> constants) {
    List<Long> ones = List.of(1L, 1L, 1L, 1L);
    return switch (model) {
      case FASHION_CNN -> {
        Operand<TFloat32> h = x;
        for (String conv : List.of("conv1", "conv2")) {
          Ops s = scope.apply(conv);
          h =
              s.nn.relu(
                  s.nn.biasAdd(
                      s.nn.conv2d(h, p.get(conv + "/kernel"), ones, "SAME"),
                      p.get(conv + "/bias")));
          Ops pool = scope.apply(conv.replace("conv", "pool"));
          h = pool.nn.maxPool(h, pool.array(1, 2, 2, 1), pool.array(1, 2, 2, 1), "VALID");
        }
        Ops f = scope.apply("flatten");
        h = f.reshape(h, f.array(-1, 7 * 7 * 32));
        Ops d = scope.apply("dense1");
        h =
            d.nn.relu(
                d.nn.biasAdd(d.linalg.matMul(h, p.get("dense1/kernel")), p.get("dense1/bias")));
        Ops o = scope.apply("logits");
        yield o.nn.biasAdd(o.linalg.matMul(h, p.get("logits/kernel")), p.get("logits/bias"));
      }
      case WISDM_MLP -> {
        Ops n = scope.apply("normalize");
        Operand<TFloat32> h =
            n.math.add(x, n.withName("neg_mean").constant(constants.get("normalize/neg_mean")));
        h = n.math.mul(h, n.withName("inv_std").constant(constants.get("normalize/inv_std")));
        for (String dense : List.of("dense1", "dense2")) {
          Ops d = scope.apply(dense);
          h =
              d.nn.relu(
                  d.nn.biasAdd(
                      d.linalg.matMul(h, p.get(dense + "/kernel")), p.get(dense + "/bias")));
        }
        Ops o = scope.apply("logits");
        yield o.nn.biasAdd(o.linalg.matMul(h, p.get("logits/kernel")), p.get("logits/bias"));
      }
    };
  }

  /**
   * Saves the inference graph with the trained weights as variables: signature {@value #SIGNATURE},
   * input {@link ExampleModel#inputName()}, output {@value #OUTPUT}; the label names go to {@value
   * #LABELS_FILE}.
   */
  private static void export(
      ExampleModel model,
      List<Param> params,
      Map<String, float[]> constants,
      long[] inputShape,
      List<String> labels,
      Path dir) {
    deleteRecursively(dir);
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x =
          tf.withName(model.inputName())
              .placeholder(TFloat32.class, Placeholder.shape(Shape.of(inputShape)));
      Map<String, Variable<TFloat32>> vars = new LinkedHashMap<>();
      Map<String, Placeholder<TFloat32>> inits = new LinkedHashMap<>();
      List<Op> assigns = new ArrayList<>();
      Function<String, Ops> scope = scopes(tf);
      declare(tf, params, scope, vars, inits, assigns);
      Operand<TFloat32> probs =
          tf.withName(OUTPUT).nn.softmax(forward(scope, model, x, vars, constants));
      try (Session s = new Session(g, TfTensors.config())) {
        assign(s, params, inits, assigns);
        Signature signature =
            Signature.builder()
                .key(SIGNATURE)
                .methodName("tensorflow/serving/predict")
                .input(model.inputName(), x)
                .output(OUTPUT, probs)
                .build();
        SavedModelBundle.exporter(dir.toString())
            .withFunction(SessionFunction.create(signature, s))
            .export();
      }
      rewriteDeterministically(dir.resolve("saved_model.pb"));
      Path labelsFile = dir.resolve(LABELS_FILE);
      Files.createDirectories(labelsFile.getParent());
      Files.writeString(labelsFile, String.join("\n", labels) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot save the SavedModel to " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Writes {@code saved_model.pb} again with protobuf's deterministic serialization (map entries,
   * such as each node's attributes, sorted by key). TensorFlow writes them in hash order, which
   * changes from run to run, and with them the SavedModel's checksum in the imported graph.
   */
  private static void rewriteDeterministically(Path file) throws IOException {
    SavedModel model = SavedModel.parseFrom(Files.readAllBytes(file));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.useDeterministicSerialization();
    model.writeTo(out);
    out.flush();
    Files.write(file, bytes.toByteArray());
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
