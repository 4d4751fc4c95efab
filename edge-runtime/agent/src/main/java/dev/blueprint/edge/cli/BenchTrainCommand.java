package dev.blueprint.edge.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.fl.train.LocalTrainer;
import dev.blueprint.edge.fl.train.Network;
import dev.blueprint.edge.fl.train.StarterModels;
import dev.blueprint.edge.fl.train.TrainingSettings;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.probe.Probe;
import dev.blueprint.edge.shipped.HeldOut;
import dev.blueprint.edge.shipped.ShippedModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "bench-train",
    description =
        "Times on-device training (forward, backward, SGD step) on real held-out samples: samples/s"
            + " and GFLOP/s against this machine's measured single-thread float peak.")
final class BenchTrainCommand implements Callable<Integer> {
  @Mixin ModelOptions models;

  @Option(
      names = "--model",
      required = true,
      description = "wisdm-mlp, fashion-cnn or niid-cnn (the NIID-Bench CNN on Fashion-MNIST).")
  String model;

  @Option(
      names = "--batch",
      defaultValue = "64",
      description = "Samples per step (default ${DEFAULT-VALUE}).")
  int batch;

  @Option(
      names = "--seconds",
      defaultValue = "5",
      description = "Measured seconds (default ${DEFAULT-VALUE}).")
  double seconds;

  @Option(
      names = "--warmup",
      defaultValue = "2",
      description = "Warm-up seconds (default ${DEFAULT-VALUE}).")
  double warmup;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description = "Trainers running at once, each on its own copy (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--format", defaultValue = "table", description = "table or json.")
  String format;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (batch < 1 || batch > 4096) {
      throw new IllegalArgumentException("--batch must be between 1 and 4096, got " + batch);
    }
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("--threads must be between 1 and 256, got " + threads);
    }
    if (!format.equals("table") && !format.equals("json")) {
      throw new IllegalArgumentException("--format must be table or json, got '" + format + "'");
    }
    boolean niid = model.equals(StarterModels.NIID_CNN);
    ShippedModel shipped = models.named(niid ? "fashion-cnn" : model);
    Graph graph = niid ? StarterModels.niidCnn(10, 1) : shipped.floatGraph();
    LabeledData data = HeldOut.load(shipped, Optional.empty());
    TrainingSettings settings = new TrainingSettings(1, batch, 0.001, 0.9, 1e-5, 0);
    AtomicLong samples = new AtomicLong();
    long flopsPerSample = Network.of(graph, 1).trainingFlopsPerSample();
    run(graph, data, settings, samples, warmup);
    samples.set(0);
    long start = System.nanoTime();
    run(graph, data, settings, samples, seconds);
    double elapsed = (System.nanoTime() - start) / 1e9;
    double perSecond = samples.get() / elapsed;
    double gflops = perSecond * flopsPerSample / 1e9;
    double peak = Probe.floatPeakOneThread(true) / 1e9;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("model", model);
    out.put("kernels", Network.kernels());
    out.put("batch", batch);
    out.put("threads", threads);
    out.put("samples", samples.get());
    out.put("seconds", elapsed);
    out.put("samples_per_s", perSecond);
    out.put("training_flop_per_sample", flopsPerSample);
    out.put("gflop_per_s", gflops);
    out.put("fp32_peak_gflop_per_s_one_thread", peak);
    out.put("share_of_peak", gflops / (peak * threads));
    PrintWriter w = spec.commandLine().getOut();
    if (format.equals("json")) {
      w.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
    } else {
      w.printf(
          "%s training (%s kernels, batch %d, %d thread%s): %,.0f samples/s, %.2f GFLOP/s"
              + " (%,d FLOP per sample)%n",
          model,
          Network.kernels(),
          batch,
          threads,
          threads == 1 ? "" : "s",
          perSecond,
          gflops,
          flopsPerSample);
      w.printf(
          "float peak %.1f GFLOP/s per thread (probe loop): %.1f %% of %d thread%s' peak%n",
          peak, 100 * gflops / (peak * threads), threads, threads == 1 ? "" : "s");
    }
    return 0;
  }

  private void run(
      Graph graph, LabeledData data, TrainingSettings settings, AtomicLong samples, double secs)
      throws InterruptedException {
    long deadline = System.nanoTime() + (long) (secs * 1e9);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long seed = t;
      Thread worker =
          new Thread(
              () -> {
                LocalTrainer trainer = new LocalTrainer(Network.of(graph, settings.batchSize()));
                var weights = trainer.network().weights();
                long epoch = 0;
                while (System.nanoTime() < deadline) {
                  LocalTrainer.Result r =
                      trainer.train(
                          weights,
                          data,
                          settings,
                          seed + 31 * epoch++,
                          () -> System.nanoTime() < deadline);
                  samples.addAndGet(r.sampleGradients());
                }
              },
              "bench-train-" + t);
      worker.start();
      workers.add(worker);
    }
    for (Thread w : workers) {
      w.join();
    }
  }
}
