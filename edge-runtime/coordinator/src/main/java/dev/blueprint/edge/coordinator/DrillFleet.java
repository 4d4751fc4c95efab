package dev.blueprint.edge.coordinator;

import dev.blueprint.edge.model.Attributes;
import dev.blueprint.edge.model.DataType;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.GraphBuilder;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.model.OpType;
import dev.blueprint.edge.model.TensorShape;
import dev.blueprint.edge.ota.AtomicFiles;
import dev.blueprint.edge.ota.BundleArchive;
import dev.blueprint.edge.ota.Ed25519;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.HealthCheck;
import dev.blueprint.edge.ota.KeysMetadata;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.RootMetadata;
import dev.blueprint.edge.publisher.Bundles;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.Tensor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A release authority and its bundles for drills and tests: a root key, a signing key, and model
 * bundles (a small classifier, its golden check, and filler bytes to reach a payload size).
 */
public final class DrillFleet {
  public static final String HARDWARE_ID = "drill-device";
  public static final String HARDWARE_KIND = "cpu";

  private final Path work;
  private final Ed25519.SigningKey rootKey = Ed25519.generate();
  private final Ed25519.SigningKey signer = Ed25519.generate();
  private final Envelope root;
  private final Envelope keys;
  private final Path rootFile;

  public DrillFleet(Path work) throws IOException {
    this.work = work;
    Instant now = Instant.now();
    root =
        Bundles.signRoot(
            RootMetadata.of(1, now.plus(Duration.ofDays(30)), List.of(rootKey.publicKey()), 1),
            List.of(rootKey));
    keys =
        Bundles.signKeys(
            new KeysMetadata(
                1,
                now.plus(Duration.ofDays(7)),
                List.of(
                    new KeysMetadata.SignerKey(
                        signer.keyId(), signer.publicKey(), EnumSet.allOf(Manifest.Kind.class))),
                Set.of(),
                100),
            List.of(rootKey));
    rootFile = work.resolve("root-1.json");
    AtomicFiles.write(rootFile, root.toJson());
  }

  /** The release key: the keys metadata lists it for every bundle kind, fl-model included. */
  public Ed25519.SigningKey signer() {
    return signer;
  }

  /**
   * The keys metadata listing {@link #signer}, as a publisher keeps it (keys.json): what a bundle
   * packaged outside this class carries.
   */
  public Path keysFile() throws IOException {
    Path file = work.resolve("keys.json");
    if (!Files.exists(file)) {
      AtomicFiles.write(file, keys.toJson());
    }
    return file;
  }

  /** The root devices are provisioned with. */
  public Path rootFile() {
    return rootFile;
  }

  /**
   * A signed model bundle: a dense classifier whose weights depend on {@code counter}, golden
   * inputs and outputs for its health check ({@code healthy = false} writes wrong expected outputs,
   * so the check fails on every device), and {@code fillerBytes} of incompressible data.
   */
  public Path bundle(String name, long counter, boolean healthy, long fillerBytes, int chunkSize)
      throws IOException {
    Instant now = Instant.now();
    return bundle(
        name,
        counter,
        healthy,
        fillerBytes,
        chunkSize,
        now.plus(Duration.ofDays(3)),
        List.of(HARDWARE_KIND));
  }

  /** As above, with the manifest's expiry and targets chosen (to make refused bundles in tests). */
  public Path bundle(
      String name,
      long counter,
      boolean healthy,
      long fillerBytes,
      int chunkSize,
      Instant expires,
      List<String> targets)
      throws IOException {
    Path folder = Files.createDirectories(work.resolve("release-" + name + "-" + counter));
    Graph g = classifier(counter);
    ModelFile.write(g, folder.resolve("model.bpm"));
    Interpreter run = new Interpreter(g);
    Random r = new Random(counter);
    List<float[]> inputs = new ArrayList<>();
    List<float[]> outputs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      float[] x = new float[16];
      for (int j = 0; j < x.length; j++) {
        x[j] = (float) r.nextGaussian();
      }
      float[] y = run.run(Tensor.of(TensorShape.of(1, 16), x)).toFloats();
      if (!healthy) {
        y[0] += 0.5f;
      }
      inputs.add(x);
      outputs.add(y);
    }
    Files.write(
        folder.resolve(HealthCheck.FILE),
        HealthCheck.toJson(new HealthCheck.Golden("model.bpm", inputs, outputs, 1e-5, 250, 5, 0)));
    Map<String, Path> files = new TreeMap<>();
    files.put("model.bpm", folder.resolve("model.bpm"));
    files.put(HealthCheck.FILE, folder.resolve(HealthCheck.FILE));
    if (fillerBytes > 0) {
      Path filler = folder.resolve("data.bin");
      try (OutputStream out = Files.newOutputStream(filler)) {
        byte[] block = new byte[1 << 16];
        for (long left = fillerBytes; left > 0; left -= block.length) {
          r.nextBytes(block);
          out.write(block, 0, (int) Math.min(block.length, left));
        }
      }
      files.put("data.bin", filler);
    }
    Instant now = Instant.now();
    Manifest m =
        Bundles.manifest(
            new Bundles.Release(
                name,
                Manifest.Kind.MODEL,
                "1." + counter + ".0",
                counter,
                targets,
                "0.1.0",
                now.minus(Duration.ofDays(1)),
                expires,
                chunkSize),
            files);
    Path bpb =
        work.resolve(
            name
                + "-"
                + counter
                + "-"
                + expires.getEpochSecond()
                + "-"
                + targets.hashCode()
                + ".bpb");
    BundleArchive.write(
        bpb, new BundleArchive.Metadata(List.of(), keys, Bundles.signManifest(m, signer)), files);
    return bpb;
  }

  /** 16 inputs → 32 (relu) → 4 classes, weights seeded by {@code seed}. */
  static Graph classifier(long seed) {
    Random r = new Random(seed * 7919);
    GraphBuilder b = new GraphBuilder("drill-classifier");
    int x = b.input("x", DataType.FLOAT32, TensorShape.of(16));
    int h =
        b.node(
            "hidden",
            OpType.DENSE,
            Attributes.builder().put("activation", "relu").build(),
            x,
            b.constant("w1", TensorShape.of(32, 16), values(r, 32 * 16)),
            b.constant("b1", TensorShape.of(32), values(r, 32)));
    int y =
        b.node(
            "logits",
            OpType.DENSE,
            Attributes.NONE,
            h,
            b.constant("w2", TensorShape.of(4, 32), values(r, 4 * 32)),
            b.constant("b2", TensorShape.of(4), values(r, 4)));
    return b.output(b.node("probabilities", OpType.SOFTMAX, Attributes.NONE, y)).build();
  }

  private static float[] values(Random r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextGaussian() * 0.3);
    }
    return v;
  }
}
