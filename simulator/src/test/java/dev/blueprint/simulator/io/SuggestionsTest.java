package dev.blueprint.simulator.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  static final List<String> IDS =
      List.of(
          "nvidia-h100-sxm-80gb", "nvidia-h100-pcie-80gb", "nvidia-h200-sxm-141gb", "nvidia-t4");

  @Test
  void suggestsIdsThatContainWhatWasTyped() {
    assertThat(Suggestions.nearest("h100", IDS, 3))
        .containsExactlyInAnyOrder("nvidia-h100-sxm-80gb", "nvidia-h100-pcie-80gb");
  }

  @Test
  void suggestsIdsWithinAFewEdits() {
    assertThat(Suggestions.nearest("nvidia-t5", IDS, 3)).contains("nvidia-t4");
  }

  @Test
  void suggestsNothingForUnrelatedText() {
    assertThat(Suggestions.didYouMean("banana", IDS)).isEmpty();
  }
}
