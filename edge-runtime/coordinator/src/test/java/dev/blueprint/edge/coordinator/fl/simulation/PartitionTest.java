package dev.blueprint.edge.coordinator.fl.simulation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PartitionTest {
  private static final int CLASSES = 10;
  private static final int[] LABELS = labels(6000, 3);

  @Test
  void iidCutsEqualSharesOfEverySample() {
    Partition p = Partition.iid(LABELS.length, 7, 1);
    assertThat(p.clientCount()).isEqualTo(7);
    assertEverySampleOnce(p, LABELS.length);
    assertThat(Arrays.stream(p.clients().toArray(int[][]::new)).mapToInt(c -> c.length))
        .allMatch(n -> n == 857 || n == 858);
  }

  @Test
  void dirichletSkewsLabelsMoreAsAlphaShrinksAndKeepsTenSamplesEach() {
    Partition mild = Partition.dirichlet(LABELS, CLASSES, 10, 100, 4);
    Partition half = Partition.dirichlet(LABELS, CLASSES, 10, 0.5, 4);
    Partition harsh = Partition.dirichlet(LABELS, CLASSES, 10, 0.1, 4);
    for (Partition p : new Partition[] {mild, half, harsh}) {
      assertEverySampleOnce(p, LABELS.length);
      assertThat(p.clients()).allMatch(c -> c.length >= Partition.DIRICHLET_MIN_SAMPLES);
    }
    double mildEntropy = meanLabelEntropy(mild);
    double halfEntropy = meanLabelEntropy(half);
    double harshEntropy = meanLabelEntropy(harsh);
    assertThat(mildEntropy).isGreaterThan(0.95 * Math.log(CLASSES));
    assertThat(halfEntropy).isLessThan(mildEntropy - 0.3);
    assertThat(harshEntropy).isLessThan(halfEntropy - 0.2);
  }

  @Test
  void kLabelsPerClientGivesEachClientExactlyKLabels() {
    Partition p = Partition.labelsPerClient(LABELS, CLASSES, 10, 2, 9);
    for (int[] client : p.clients()) {
      Set<Integer> seen = new HashSet<>();
      for (int i : client) {
        seen.add(LABELS[i]);
      }
      assertThat(seen).hasSize(2);
    }
    Set<Integer> all = new HashSet<>();
    p.clients().forEach(c -> Arrays.stream(c).forEach(all::add));
    assertThat(all.size()).isEqualTo(p.clients().stream().mapToInt(c -> c.length).sum());
  }

  @Test
  void labelSetsGiveEachClientTheLabelsNamedAndSplitSharedLabelsEvenly() {
    // Flower's NIID-Bench 2-labels partition for its seed 42, as its numpy draw gives it.
    String sets = "0,7/1,6/2,4/3,4/4,8/5,0/6,2/7,0/8,5/9,7";
    Partition p = Partition.parse("label-sets:" + sets, LABELS, CLASSES, null, 10, 3);
    String[] expected = sets.split("/");
    for (int c = 0; c < 10; c++) {
      Set<Integer> seen = new HashSet<>();
      for (int i : p.samples(c)) {
        seen.add(LABELS[i]);
      }
      Set<Integer> named = new HashSet<>();
      for (String l : expected[c].split(",")) {
        named.add(Integer.parseInt(l));
      }
      assertThat(seen).isEqualTo(named);
    }
    // Label 0 is held by clients 0, 5 and 7: a third of its samples each, give or take one.
    long zeros = Arrays.stream(LABELS).filter(l -> l == 0).count();
    for (int c : new int[] {0, 5, 7}) {
      long mine = Arrays.stream(p.samples(c)).filter(i -> LABELS[i] == 0).count();
      assertThat(mine).isBetween(zeros / 3, zeros / 3 + 1);
    }
    assertThatThrownBy(() -> Partition.parse("label-sets:0,1/2,3", LABELS, CLASSES, null, 10, 3))
        .hasMessageContaining("2 label sets for 10 clients");
    assertThatThrownBy(() -> Partition.parse("label-sets:0,1/2,12", LABELS, CLASSES, null, 2, 3))
        .hasMessageContaining("label 12 is not in 0..9");
    assertThatThrownBy(() -> Partition.parse("label-sets:0,0/2,3", LABELS, CLASSES, null, 2, 3))
        .hasMessageContaining("distinct");
    assertThatThrownBy(() -> Partition.parse("label-sets:0,x/2,3", LABELS, CLASSES, null, 2, 3))
        .hasMessageContaining("partition 'label-sets:0,x/2,3'");
  }

  @Test
  void describesWhatEachClientHolds() {
    int[] labels = {0, 0, 0, 1, 1, 2, 2, 2, 2, 2};
    Partition p = new Partition("test", List.of(new int[] {0, 1, 3}, new int[] {2, 4, 5, 6, 7}));
    assertThat(p.describe(labels, 3, 20))
        .containsExactly(
            "partition test: 2 clients, 3 to 5 samples (median 5)",
            "  client 0: 3 samples, labels 0 1",
            "  client 1: 5 samples, labels 0 1 2");
    assertThat(p.describe(labels, 3, 1)).hasSize(1);
  }

  @Test
  void byUserGivesOneClientPerPersonInIdOrder() {
    int[] users = {7, 3, 7, 9, 3, 3};
    Partition p = Partition.byUser(users);
    assertThat(p.clients()).containsExactly(new int[] {1, 4, 5}, new int[] {0, 2}, new int[] {3});
  }

  @Test
  void theSameSeedGivesTheSamePartition() {
    for (String spec : new String[] {"iid", "dirichlet:0.5", "labels:2"}) {
      Partition a = Partition.parse(spec, LABELS, CLASSES, null, 10, 42);
      Partition b = Partition.parse(spec, LABELS, CLASSES, null, 10, 42);
      Partition c = Partition.parse(spec, LABELS, CLASSES, null, 10, 43);
      assertThat(a.clients()).usingRecursiveComparison().isEqualTo(b.clients());
      assertThat(a.clients()).usingRecursiveComparison().isNotEqualTo(c.clients());
    }
  }

  @Test
  void badSpecificationsAreRefusedWithTheReason() {
    assertThatThrownBy(() -> Partition.parse("dirichlet:x", LABELS, CLASSES, null, 10, 1))
        .hasMessageContaining("partition 'dirichlet:x'");
    assertThatThrownBy(() -> Partition.parse("shards", LABELS, CLASSES, null, 10, 1))
        .hasMessageContaining(
            "expected iid, dirichlet:ALPHA, labels:K, label-sets:A,B/C,D/... or by-user");
    assertThatThrownBy(() -> Partition.parse("by-user", LABELS, CLASSES, null, 10, 1))
        .hasMessageContaining("no user");
    assertThatThrownBy(() -> Partition.parse("labels:11", LABELS, CLASSES, null, 10, 1))
        .hasMessageContaining("1..10");
    assertThatThrownBy(() -> Partition.parse("dirichlet:-1", LABELS, CLASSES, null, 10, 1))
        .hasMessageContaining("positive");
  }

  private static void assertEverySampleOnce(Partition p, int n) {
    int[] count = new int[n];
    p.clients().forEach(c -> Arrays.stream(c).forEach(i -> count[i]++));
    assertThat(count).containsOnly(1);
  }

  private static double meanLabelEntropy(Partition p) {
    double sum = 0;
    for (int[] client : p.clients()) {
      double[] hist = new double[CLASSES];
      for (int i : client) {
        hist[LABELS[i]]++;
      }
      double h = 0;
      for (double c : hist) {
        if (c > 0) {
          double q = c / client.length;
          h -= q * Math.log(q);
        }
      }
      sum += h;
    }
    return sum / p.clientCount();
  }

  private static int[] labels(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextInt(CLASSES);
    }
    return v;
  }
}
