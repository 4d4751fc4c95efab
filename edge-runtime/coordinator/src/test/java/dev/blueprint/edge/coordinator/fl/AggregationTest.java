package dev.blueprint.edge.coordinator.fl;

import static dev.blueprint.edge.coordinator.fl.Vectors.update;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.fl.Weights;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AggregationTest {
  @Test
  void meanIsWeightedBySamples() {
    Weights out =
        new Aggregation.Mean().aggregate(List.of(update("b", 3, 3, 6), update("a", 1, 1, 2)));
    // (1·1 + 3·3) / 4 = 2.5 and (1·2 + 3·6) / 4 = 5
    assertThat(out.toArray()).containsExactly(2.5f, 5f);
  }

  @Test
  void medianTakesTheMiddleValueOrTheMeanOfTheTwoMiddleOnes() {
    Weights odd =
        new Aggregation.Median()
            .aggregate(List.of(update("a", 1, 1, 9), update("b", 50, 5, 0), update("c", 1, 3, 4)));
    assertThat(odd.toArray()).containsExactly(3f, 4f);
    Weights even =
        new Aggregation.Median()
            .aggregate(
                List.of(
                    update("a", 1, 1), update("b", 1, 2), update("c", 1, 3), update("d", 1, 10)));
    assertThat(even.toArray()).containsExactly(2.5f);
  }

  @Test
  void trimmedMeanDropsTheBetaShareAtEachEnd() {
    List<ClientUpdate> four =
        List.of(
            update("a", 1, 1, -50),
            update("b", 9, 2, 4),
            update("c", 1, 3, 6),
            update("d", 1, 100, 8));
    // β = 0.25 of 4: one value off each end; per coordinate (2 + 3) / 2, (4 + 6) / 2
    assertThat(new Aggregation.TrimmedMean(0.25).aggregate(four).toArray())
        .containsExactly(2.5f, 5f);
    // β = 0.2 of 4: floor(0.8) = 0, nothing dropped: the unweighted mean
    assertThat(new Aggregation.TrimmedMean(0.2).aggregate(four).toArray())
        .containsExactly(26.5f, -8f);
  }

  /** Five one-value clients 0, 1, 2, 3, 100; f = 1 leaves n − f − 2 = 2 neighbours per score. */
  static List<ClientUpdate> krumCase() {
    return List.of(
        update("a", 1, 0),
        update("b", 1, 1),
        update("c", 1, 2),
        update("d", 1, 3),
        update("e", 1, 100));
  }

  @Test
  void krumPicksTheUpdateClosestToItsNeighbours() {
    // scores: a 1 + 4 = 5, b 1 + 1 = 2, c 1 + 1 = 2, d 1 + 4 = 5, e 97² + 98²;
    // b and c tie, b has the lower client id
    assertThat(new Aggregation.Krum(1).aggregate(krumCase()).toArray()).containsExactly(1f);
  }

  @Test
  void multiKrumAveragesTheMBestUnweighted() {
    // m = n − f = 4: b, c, a, d → (0 + 1 + 2 + 3) / 4
    assertThat(new Aggregation.MultiKrum(1, 0).aggregate(krumCase()).toArray())
        .containsExactly(1.5f);
    // m = 2: b and c → 1.5; m = 3: b, c and a (a ties d, a has the lower id) → 1
    assertThat(new Aggregation.MultiKrum(1, 2).aggregate(krumCase()).toArray())
        .containsExactly(1.5f);
    assertThat(new Aggregation.MultiKrum(1, 3).aggregate(krumCase()).toArray()).containsExactly(1f);
  }

  @Test
  void krumNeedsTwoFPlusThreeUpdates() {
    assertThatThrownBy(() -> new Aggregation.Krum(2).aggregate(krumCase()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("krum with f = 2 needs at least 7 updates (2f + 3), the round has 5");
    assertThatThrownBy(() -> new Aggregation.MultiKrum(1, 6).aggregate(krumCase()))
        .hasMessage("multi-krum m = 6 is more than the 5 updates of the round");
  }

  @Test
  void refusesNoUpdatesTwoFromOneClientAndMixedLayouts() {
    for (Aggregation a : all()) {
      assertThatThrownBy(() -> a.aggregate(List.of())).hasMessage("no updates to aggregate");
      assertThatThrownBy(
              () ->
                  a.aggregate(List.of(update("a", 1, 1f), update("b", 1, 2f), update("a", 2, 3f))))
          .hasMessage("two updates from a in one round; each client counts once");
      assertThatThrownBy(() -> a.aggregate(List.of(update("a", 1, 1f), update("b", 1, 2f, 3f))))
          .hasMessage("update from b: tensor 0 is w [2], the model's is w [1]");
    }
  }

  @Test
  void clientUpdatesMustBeFiniteWithSamples() {
    assertThatThrownBy(() -> update("x", 1, 1f, Float.NaN))
        .hasMessage("update from x holds NaN at index 1");
    assertThatThrownBy(() -> update("x", 0, 1f)).hasMessageContaining("counts 0 samples");
    assertThatThrownBy(() -> update(" ", 1, 1f)).hasMessage("client id is blank");
  }

  static List<Aggregation> all() {
    return List.of(
        new Aggregation.Mean(),
        new Aggregation.Median(),
        new Aggregation.TrimmedMean(0.1),
        new Aggregation.Krum(0),
        new Aggregation.MultiKrum(0, 0));
  }

  /**
   * A coordinator resumed after a crash may receive the same updates in another order; the
   * aggregate must be the same bit for bit.
   */
  @Test
  void arrivalOrderDoesNotChangeABit() {
    SplittableRandom r = new SplittableRandom(7);
    for (int trial = 0; trial < 20; trial++) {
      List<ClientUpdate> updates = new ArrayList<>();
      int n = 5 + r.nextInt(10);
      for (int c = 0; c < n; c++) {
        float[] v = new float[300];
        for (int i = 0; i < v.length; i++) {
          // mixed magnitudes so that float summation order would show
          v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(8) - 4));
        }
        updates.add(new ClientUpdate("dev-" + c, Vectors.w(v), 1 + r.nextInt(1000)));
      }
      List<ClientUpdate> shuffled = new ArrayList<>(updates);
      Collections.shuffle(shuffled, new Random(trial));
      for (Aggregation a : all()) {
        assertThat(a.aggregate(shuffled).bitEquals(a.aggregate(updates))).as(a.word()).isTrue();
      }
    }
  }

  @ParameterizedTest
  @CsvSource(
      textBlock =
          """
          mean,               mean
          median,             median
          trimmed-mean,       trimmed-mean:0.2
          trimmed-mean:0.1,   trimmed-mean:0.1
          trimmed-mean:beta=0.05, trimmed-mean:0.05
          krum,               krum:0
          krum:2,             krum:2
          multi-krum:2,       multi-krum:2
          ' multi-krum:f=1,m=4 ', 'multi-krum:1,m=4'
          """)
  void readsEachWordAndWritesItBack(String word, String canonical) {
    Aggregation a = Aggregation.parse(word);
    assertThat(a.word()).isEqualTo(canonical);
    assertThat(Aggregation.parse(a.word())).isEqualTo(a);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          avg                | unknown aggregation 'avg'; known: mean, median, trimmed-mean[:BETA], krum[:F]
          trimmed-mean:0.5   | aggregation 'trimmed-mean:0.5': beta must be at least 0 and below 0.5, got 0.5
          trimmed-mean:x     | aggregation 'trimmed-mean:x': beta must be a number at least 0 and below 0.5, got 'x'
          krum:-1            | aggregation 'krum:-1': f must be a whole number of at least 0, got -1
          krum:1.5           | aggregation 'krum:1.5': f must be a whole number of at least 0, got '1.5'
          krum:g=2           | aggregation 'krum:g=2': unknown parameter 'g'; krum takes f
          multi-krum:2,m=0   | aggregation 'multi-krum:2,m=0': m must be a whole number of at least 1, got 0
          multi-krum:2,3     | aggregation 'multi-krum:2,3': '3' needs a name, one of [f, m]
          mean:1             | aggregation 'mean:1': '1' needs a name; mean takes no parameters
          krum:1,f=2         | aggregation 'krum:1,f=2': parameter 'f' is given twice
          """)
  void refusesBadWordsNamingTheValue(String word, String message) {
    assertThatThrownBy(() -> Aggregation.parse(word))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }
}
