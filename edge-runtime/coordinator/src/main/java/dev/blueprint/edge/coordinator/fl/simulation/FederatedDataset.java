package dev.blueprint.edge.coordinator.fl.simulation;

import dev.blueprint.edge.data.FashionMnist;
import dev.blueprint.edge.data.LabeledData;
import dev.blueprint.edge.data.Wisdm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * What a simulated federation trains and is judged on: the clients' pooled samples (cut into
 * clients by a {@link Partition}), the user of each sample where the data set records one, and a
 * test set no client holds.
 *
 * @param name the data set
 * @param train every sample the clients hold between them
 * @param users the person each training sample came from, or empty
 * @param test the held-out set the global model is evaluated on
 * @param testSet what the test set is, in words (printed beside the accuracy)
 */
public record FederatedDataset(
    String name, LabeledData train, Optional<int[]> users, LabeledData test, String testSet) {

  public FederatedDataset {
    Objects.requireNonNull(train, "train");
    Objects.requireNonNull(test, "test");
    users = users.map(int[]::clone);
    if (users.isPresent() && users.get().length != train.size()) {
      throw new IllegalArgumentException(
          users.get().length + " user ids for " + train.size() + " samples");
    }
  }

  /**
   * WISDM activity data by person: the 29 users the shipped wisdm-mlp trained on are the clients;
   * the 7 it holds out ({@link Wisdm#HELDOUT_USERS}) are the test population. {@code dir} holds
   * {@value Wisdm#FILE}, directly or in {@code wisdm-har/}.
   */
  public static FederatedDataset wisdm(Path dir) {
    Path csv = find(dir, Wisdm.FILE, "wisdm-har");
    Wisdm all = Wisdm.read(csv);
    Wisdm training = all.training();
    return new FederatedDataset(
        "wisdm",
        training.data(),
        Optional.of(training.users()),
        all.heldOut().data(),
        "WISDM held-out users " + Wisdm.HELDOUT_USERS.stream().sorted().toList());
  }

  /**
   * Fashion-MNIST: the 60,000 training images are the clients' pool, the 10,000 test images the
   * test set. {@code dir} holds the four IDX files, directly or in {@code fashion-mnist/}.
   */
  public static FederatedDataset fashionMnist(Path dir) {
    Path images = find(dir, FashionMnist.TRAIN_IMAGES, "fashion-mnist");
    Path folder = images.getParent();
    return new FederatedDataset(
        "fashion-mnist",
        FashionMnist.train(folder),
        Optional.empty(),
        FashionMnist.test(folder),
        "Fashion-MNIST test set (10,000 images)");
  }

  /**
   * The same data with {@code count} of its training users, drawn with {@code seed}, moved out of
   * the clients' pool to become the evaluation set: for choosing settings without looking at the
   * test population.
   */
  public FederatedDataset validationOnUsers(int count, long seed) {
    int[] ids =
        users
            .orElseThrow(() -> new IllegalArgumentException(name + " records no user per sample"))
            .clone();
    int[] distinct = Arrays.stream(ids).distinct().sorted().toArray();
    if (count < 1 || count >= distinct.length) {
      throw new IllegalArgumentException(
          "validation users must be 1.." + (distinct.length - 1) + ", got " + count);
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = distinct.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = distinct[i];
      distinct[i] = distinct[j];
      distinct[j] = t;
    }
    Set<Integer> held = new TreeSet<>();
    for (int i = 0; i < count; i++) {
      held.add(distinct[i]);
    }
    int[] keep = IntStream.range(0, ids.length).filter(i -> !held.contains(ids[i])).toArray();
    int[] validate = IntStream.range(0, ids.length).filter(i -> held.contains(ids[i])).toArray();
    return new FederatedDataset(
        name,
        train.select(keep),
        Optional.of(Arrays.stream(keep).map(i -> ids[i]).toArray()),
        train.select(validate),
        "validation: training users " + held + " (not the test set)");
  }

  private static Path find(Path dir, String file, String subfolder) {
    for (Path candidate : new Path[] {dir.resolve(file), dir.resolve(subfolder).resolve(file)}) {
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalArgumentException(
        "--data " + dir + ": no " + file + " there or in " + subfolder + "/");
  }
}
