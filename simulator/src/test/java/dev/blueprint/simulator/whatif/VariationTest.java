package dev.blueprint.simulator.whatif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class VariationTest {
  @Test
  void readsListsRangesAndLogRanges() {
    assertThat(Variation.parse("components.a.hardware=nvidia-t4, nvidia-l4").values())
        .containsExactly("nvidia-t4", "nvidia-l4");
    assertThat(Variation.parse("components.a.replicas=1..4").values())
        .containsExactly("1", "2", "3", "4");
    assertThat(Variation.parse("components.a.max_batch=256..1024:256").values())
        .containsExactly("256", "512", "768", "1024");
    assertThat(Variation.parse("components.a.max_batch=64..1024:x2").values())
        .containsExactly("64", "128", "256", "512", "1024");
    assertThat(Variation.parse("components.a.max_queue_delay=0.5ms..2ms:0.5ms").values())
        .containsExactly("0.5ms", "1ms", "1.5ms", "2ms");
    assertThat(Variation.parse("workload.rate=100k/s..1000k/s:log3").values())
        .containsExactly("100k/s", "316k/s", "1000k/s");
    assertThat(Variation.parse("x.y=1234..5678:log3").values())
        .containsExactly("1234", "2650", "5678");
    assertThat(Variation.parse("components.a.cost=$1/h..$3/h:$1/h").values())
        .containsExactly("$1/h", "$2/h", "$3/h");
  }

  @Test
  void decimalStepsDoNotDrift() {
    assertThat(Variation.parse("x.y=0.1..0.5:0.1").values())
        .containsExactly("0.1", "0.2", "0.3", "0.4", "0.5");
  }

  @Test
  void rejectsWhatCannotBeASweep() {
    assertThatThrownBy(() -> Variation.parse("components.a.replicas"))
        .hasMessageContaining("PATH=VALUES");
    assertThatThrownBy(() -> Variation.parse("components.a.replicas="))
        .hasMessageContaining("no values");
    assertThatThrownBy(() -> Variation.parse("a.b=8..1")).hasMessageContaining("backwards");
    assertThatThrownBy(() -> Variation.parse("a.b=1ms..2s:1ms")).hasMessageContaining("same unit");
    assertThatThrownBy(() -> Variation.parse("a.b=1..2:0")).hasMessageContaining("above zero");
    assertThatThrownBy(() -> Variation.parse("a.b=1..1000000:1")).hasMessageContaining("more than");
    assertThatThrownBy(() -> Variation.parse("a.b=0..8:x2")).hasMessageContaining("above zero");
    assertThatThrownBy(() -> Variation.parse("a.b=1..8:x1")).hasMessageContaining("above 1");
    assertThatThrownBy(() -> Variation.parse("a..b=1")).hasMessageContaining("not a key");
    assertThatThrownBy(() -> Variation.parse("a.b=1,,2")).hasMessageContaining("empty value");
  }
}
