package dev.blueprint.edge.coordinator.fl.simulation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.DirichletSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Which samples each client holds: the protocols of the NIID-Bench study (Li, Diao, Chen and He,
 * "Federated Learning on Non-IID Data Silos: An Experimental Study", ICDE 2022), which Flower's
 * NIID-Bench baseline follows, and the natural split of a data set collected per person. The same
 * seed gives the same partition.
 *
 * @param scheme how it was cut, e.g. {@code dirichlet:0.5}
 * @param clients each client's sample indices into the data set, ascending
 */
public record Partition(String scheme, List<int[]> clients) {
  /** NIID-Bench redraws a Dirichlet partition until every client holds at least this many. */
  static final int DIRICHLET_MIN_SAMPLES = 10;

  public Partition {
    clients = clients.stream().map(int[]::clone).toList();
  }

  public int clientCount() {
    return clients.size();
  }

  public int[] samples(int client) {
    return clients.get(client).clone();
  }

  /**
   * What each client holds, for the log a run starts with: sample count and the labels it has (a
   * label under 5 % of the client's samples is left out of the list, so a Dirichlet client reads as
   * what it mostly holds). Beyond {@code maxLines} clients only the spread of sample counts.
   */
  public List<String> describe(int[] labels, int classes, int maxLines) {
    List<String> lines = new ArrayList<>();
    int[] sizes = clients.stream().mapToInt(c -> c.length).sorted().toArray();
    lines.add(
        String.format(
            Locale.ROOT,
            "partition %s: %d clients, %,d to %,d samples (median %,d)",
            scheme,
            sizes.length,
            sizes[0],
            sizes[sizes.length - 1],
            sizes[sizes.length / 2]));
    if (clients.size() > maxLines) {
      return lines;
    }
    for (int c = 0; c < clients.size(); c++) {
      int[] count = new int[classes];
      for (int i : clients.get(c)) {
        count[labels[i]]++;
      }
      StringBuilder held = new StringBuilder();
      for (int label = 0; label < classes; label++) {
        if (count[label] > 0 && count[label] >= 0.05 * clients.get(c).length) {
          held.append(held.length() == 0 ? "" : " ").append(label);
        }
      }
      lines.add(
          String.format(
              Locale.ROOT, "  client %d: %,d samples, labels %s", c, clients.get(c).length, held));
    }
    return lines;
  }

  /**
   * Reads {@code iid}, {@code dirichlet:ALPHA}, {@code labels:K}, {@code label-sets:A,B/C,D/...} or
   * {@code by-user}; {@code users} is needed for by-user only.
   */
  public static Partition parse(
      String spec, int[] labels, int classes, int[] users, int clientCount, long seed) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.equals("iid")) {
        return iid(labels.length, clientCount, seed);
      }
      if (s.equals("by-user")) {
        if (users == null) {
          throw new IllegalArgumentException("this data set records no user per sample");
        }
        return byUser(users);
      }
      if (s.startsWith("dirichlet:")) {
        return dirichlet(labels, classes, clientCount, Double.parseDouble(s.substring(10)), seed);
      }
      if (s.startsWith("labels:")) {
        return labelsPerClient(
            labels, classes, clientCount, Integer.parseInt(s.substring(7)), seed);
      }
      if (s.startsWith("label-sets:")) {
        List<List<Integer>> sets = new ArrayList<>();
        for (String client : s.substring("label-sets:".length()).split("/", -1)) {
          List<Integer> mine = new ArrayList<>();
          for (String label : client.split(",", -1)) {
            mine.add(Integer.parseInt(label.trim()));
          }
          sets.add(mine);
        }
        if (sets.size() != clientCount) {
          throw new IllegalArgumentException(
              "partition '"
                  + spec
                  + "': "
                  + sets.size()
                  + " label sets for "
                  + clientCount
                  + " clients");
        }
        return withLabelSets(labels, classes, sets, new SplittableRandom(seed), s);
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("partition '" + spec + "': " + e.getMessage(), e);
    }
    throw new IllegalArgumentException(
        "partition '"
            + spec
            + "': expected iid, dirichlet:ALPHA, labels:K, label-sets:A,B/C,D/... or by-user");
  }

  /** Shuffled, then cut into equal shares (the first {@code n mod clients} one larger). */
  public static Partition iid(int samples, int clientCount, long seed) {
    requireClients(clientCount, samples);
    int[] order = shuffled(range(samples), new SplittableRandom(seed));
    List<int[]> out = new ArrayList<>();
    int from = 0;
    for (int c = 0; c < clientCount; c++) {
      int size = samples / clientCount + (c < samples % clientCount ? 1 : 0);
      out.add(sorted(Arrays.copyOfRange(order, from, from + size)));
      from += size;
    }
    return new Partition("iid", out);
  }

  /**
   * Label skew by a Dirichlet(α) draw per class (NIID-Bench's "labeldir"): each class's samples are
   * split over the clients in proportions drawn from Dir(α); a client already holding its equal
   * share takes no more, and the whole draw repeats until every client holds at least {@value
   * #DIRICHLET_MIN_SAMPLES} samples. Smaller α, more skew.
   */
  public static Partition dirichlet(
      int[] labels, int classes, int clientCount, double alpha, long seed) {
    requireClients(clientCount, labels.length);
    if (!(alpha > 0) || !Double.isFinite(alpha)) {
      throw new IllegalArgumentException("Dirichlet alpha must be positive, got " + alpha);
    }
    UniformRandomProvider rng = RandomSource.SPLIT_MIX_64.create(seed);
    SplittableRandom shuffle = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    DirichletSampler dir = DirichletSampler.symmetric(rng, clientCount, alpha);
    int[][] byClass = indicesByClass(labels, classes);
    double fairShare = (double) labels.length / clientCount;
    for (int attempt = 0; attempt < 10_000; attempt++) {
      List<List<Integer>> held = new ArrayList<>();
      for (int c = 0; c < clientCount; c++) {
        held.add(new ArrayList<>());
      }
      for (int k = 0; k < classes; k++) {
        int[] idx = shuffled(byClass[k], shuffle);
        double[] p = dir.sample();
        double sum = 0;
        for (int c = 0; c < clientCount; c++) {
          p[c] = held.get(c).size() < fairShare ? p[c] : 0;
          sum += p[c];
        }
        double cumulative = 0;
        int from = 0;
        for (int c = 0; c < clientCount; c++) {
          cumulative += sum == 0 ? 1.0 / clientCount : p[c] / sum;
          int to = c == clientCount - 1 ? idx.length : (int) (cumulative * idx.length);
          to = Math.max(from, Math.min(to, idx.length));
          for (int i = from; i < to; i++) {
            held.get(c).add(idx[i]);
          }
          from = to;
        }
      }
      if (held.stream().mapToInt(List::size).min().orElse(0) >= DIRICHLET_MIN_SAMPLES) {
        return new Partition("dirichlet:" + alpha, held.stream().map(Partition::sortedOf).toList());
      }
    }
    throw new IllegalArgumentException(
        "no Dirichlet("
            + alpha
            + ") partition over "
            + clientCount
            + " clients gives each "
            + DIRICHLET_MIN_SAMPLES
            + " samples in 10,000 draws");
  }

  /**
   * Each client holds K distinct labels (NIID-Bench's "#label K"): client i takes label i mod
   * classes and K−1 others drawn at random; each label's samples are split evenly among the clients
   * that hold it. A label nobody drew is left out.
   */
  public static Partition labelsPerClient(
      int[] labels, int classes, int clientCount, int k, long seed) {
    requireClients(clientCount, labels.length);
    if (k < 1 || k > classes) {
      throw new IllegalArgumentException(
          "labels per client must be in 1.." + classes + ", got " + k);
    }
    SplittableRandom random = new SplittableRandom(seed);
    List<List<Integer>> owned = new ArrayList<>();
    for (int c = 0; c < clientCount; c++) {
      List<Integer> mine = new ArrayList<>();
      mine.add(c % classes);
      while (mine.size() < k) {
        int label = random.nextInt(classes);
        if (!mine.contains(label)) {
          mine.add(label);
        }
      }
      owned.add(mine);
    }
    return withLabelSets(labels, classes, owned, random, "labels:" + k);
  }

  /**
   * Clients holding the given labels, each label's samples shuffled and split evenly among the
   * clients that hold it (what {@code labels:K} does once it has drawn the sets): to train on a
   * partition another framework drew, e.g. a published run's, from the label sets it logged.
   */
  static Partition withLabelSets(
      int[] labels, int classes, List<List<Integer>> owned, SplittableRandom random, String name) {
    requireClients(owned.size(), labels.length);
    int[] owners = new int[classes];
    for (List<Integer> mine : owned) {
      if (mine.isEmpty() || mine.stream().distinct().count() != mine.size()) {
        throw new IllegalArgumentException(
            "partition " + name + ": a client's labels must be distinct and at least one");
      }
      for (int label : mine) {
        if (label < 0 || label >= classes) {
          throw new IllegalArgumentException(
              "partition " + name + ": label " + label + " is not in 0.." + (classes - 1));
        }
        owners[label]++;
      }
    }
    int clientCount = owned.size();
    int[][] byClass = indicesByClass(labels, classes);
    List<List<Integer>> held = new ArrayList<>();
    for (int c = 0; c < clientCount; c++) {
      held.add(new ArrayList<>());
    }
    for (int label = 0; label < classes; label++) {
      if (owners[label] == 0) {
        continue;
      }
      int[] idx = shuffled(byClass[label], random);
      int share = 0;
      for (int c = 0; c < clientCount; c++) {
        if (!owned.get(c).contains(label)) {
          continue;
        }
        int from = (int) ((long) idx.length * share / owners[label]);
        int to = (int) ((long) idx.length * (share + 1) / owners[label]);
        for (int i = from; i < to; i++) {
          held.get(c).add(idx[i]);
        }
        share++;
      }
    }
    return new Partition(name, held.stream().map(Partition::sortedOf).toList());
  }

  /** One client per distinct user id, in ascending id order. */
  public static Partition byUser(int[] users) {
    TreeMap<Integer, List<Integer>> byUser = new TreeMap<>();
    for (int i = 0; i < users.length; i++) {
      byUser.computeIfAbsent(users[i], u -> new ArrayList<>()).add(i);
    }
    return new Partition("by-user", byUser.values().stream().map(Partition::sortedOf).toList());
  }

  private static void requireClients(int clientCount, int samples) {
    if (clientCount < 1 || clientCount > samples) {
      throw new IllegalArgumentException(
          clientCount + " clients for " + samples + " samples: need 1.." + samples);
    }
  }

  private static int[][] indicesByClass(int[] labels, int classes) {
    int[] counts = new int[classes];
    for (int l : labels) {
      counts[l]++;
    }
    int[][] out = new int[classes][];
    for (int k = 0; k < classes; k++) {
      out[k] = new int[counts[k]];
    }
    int[] fill = new int[classes];
    for (int i = 0; i < labels.length; i++) {
      out[labels[i]][fill[labels[i]]++] = i;
    }
    return out;
  }

  private static int[] range(int n) {
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = i;
    }
    return v;
  }

  private static int[] shuffled(int[] v, SplittableRandom random) {
    int[] out = v.clone();
    for (int i = out.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = out[i];
      out[i] = out[j];
      out[j] = t;
    }
    return out;
  }

  private static int[] sorted(int[] v) {
    Arrays.sort(v);
    return v;
  }

  private static int[] sortedOf(List<Integer> v) {
    return sorted(v.stream().mapToInt(Integer::intValue).toArray());
  }
}
