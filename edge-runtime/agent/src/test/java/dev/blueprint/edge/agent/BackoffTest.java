package dev.blueprint.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void delaysDoubleUpToTheCapEachDrawnFromTheUpperHalf() {
    Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30));
    Random r = new Random(7);
    long[] caps = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
    for (int failures = 1; failures <= caps.length; failures++) {
      for (int draw = 0; draw < 50; draw++) {
        long ms = b.delayAfter(failures, r).toMillis();
        assertThat(ms)
            .as("after %d failures", failures)
            .isBetween(caps[failures - 1] / 2, caps[failures - 1]);
      }
    }
    assertThat(b.delayAfter(1_000_000, r)).isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    Backoff b = Backoff.DEFAULT;
    assertThat(b.delayAfter(3, new Random(42))).isEqualTo(b.delayAfter(3, new Random(42)));
  }

  @Test
  void nonsenseIsRefused() {
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("first must be positive");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .hasMessageContaining("shorter than first");
    assertThatThrownBy(() -> Backoff.DEFAULT.delayAfter(0, new Random()))
        .hasMessageContaining("failures must be >= 1");
  }
}
