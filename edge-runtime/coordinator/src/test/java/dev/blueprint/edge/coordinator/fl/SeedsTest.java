package dev.blueprint.edge.coordinator.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SeedsTest {
  @Test
  void aDrawIsDistinctSortedInRangeAndRepeatsWithItsSeed() {
    for (long seed = 0; seed < 50; seed++) {
      int[] d = Seeds.draw(29, 10, seed);
      assertThat(d).hasSize(10).isSorted();
      assertThat(Arrays.stream(d).distinct().count()).isEqualTo(10);
      assertThat(Arrays.stream(d).allMatch(i -> i >= 0 && i < 29)).isTrue();
      assertThat(Seeds.draw(29, 10, seed)).containsExactly(d);
    }
    assertThat(Seeds.draw(5, 9, 1)).containsExactly(0, 1, 2, 3, 4);
    assertThat(Seeds.draw(29, 10, 1)).isNotEqualTo(Seeds.draw(29, 10, 2));
  }

  @Test
  void neighbouringRoundsAndIndicesGetUnrelatedSeeds() {
    long a = Seeds.mix(7, 1, 0);
    assertThat(Seeds.mix(7, 2, 0)).isNotEqualTo(a);
    assertThat(Seeds.mix(7, 1, 1)).isNotEqualTo(a);
    assertThat(Long.bitCount(a ^ Seeds.mix(7, 1, 1))).isBetween(16, 48);
  }
}
