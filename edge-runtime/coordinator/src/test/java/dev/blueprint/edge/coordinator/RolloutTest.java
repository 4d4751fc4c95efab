package dev.blueprint.edge.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rollout state machine without any I/O. */
class RolloutTest {
  private final List<String> fleet = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

  @Test
  void wavesOpenOneAfterAnotherAsResultsComeIn() {
    Rollout r =
        new Rollout(
            "r", fleet, new Rollout.Plan(List.of(0.2, 0.6, 1.0), 0.2, 3, Duration.ofMinutes(1)));
    assertThat(r.due(0)).containsExactly("a", "b");
    assertThat(r.due(1)).isEmpty();
    r.result("a", true, null);
    assertThat(r.due(2)).isEmpty();
    r.result("b", true, null);
    assertThat(r.due(3)).containsExactly("c", "d", "e", "f");
    for (String d : List.of("c", "d", "e", "f")) {
      r.result(d, true, null);
    }
    assertThat(r.due(4)).containsExactly("g", "h", "i", "j");
    for (String d : List.of("g", "h", "i", "j")) {
      r.result(d, true, null);
    }
    assertThat(r.state()).isEqualTo(Rollout.State.DONE);
  }

  @Test
  void failuresPastTheThresholdHaltAndWithdrawTheOpenOffers() {
    Rollout r =
        new Rollout("r", fleet, new Rollout.Plan(List.of(0.5, 1.0), 0.2, 3, Duration.ofMinutes(1)));
    assertThat(r.due(0)).hasSize(5);
    assertThat(r.result("a", false, "health")).isEmpty();
    assertThat(r.result("b", true, null)).isEmpty();
    List<String> withdraw = r.result("c", false, "health");
    assertThat(r.state()).isEqualTo(Rollout.State.HALTED);
    assertThat(withdraw).containsExactly("d", "e");
    assertThat(r.haltReason()).contains("2 of 3");
    assertThat(r.due(1)).isEmpty();
  }

  @Test
  void aFinishedCanaryWaveWithFailuresHaltsEvenBelowTheMinimumCount() {
    Rollout r =
        new Rollout("r", fleet, new Rollout.Plan(List.of(0.2, 1.0), 0.2, 3, Duration.ofMinutes(1)));
    r.due(0);
    r.result("a", false, "health");
    r.result("b", false, "health");
    assertThat(r.due(1)).isEmpty();
    assertThat(r.state()).isEqualTo(Rollout.State.HALTED);
    assertThat(r.devices().get("c")).isEqualTo(Rollout.DeviceState.WAITING);
  }

  @Test
  void aSilentDeviceDoesNotHoldTheRolloutPastTheWaveTimeout() {
    Rollout r =
        new Rollout("r", fleet, new Rollout.Plan(List.of(0.2, 1.0), 0.2, 3, Duration.ofSeconds(1)));
    r.due(0);
    r.result("a", true, null);
    assertThat(r.due(500_000_000L)).isEmpty();
    assertThat(r.due(2_000_000_000L)).hasSize(8);
  }

  @Test
  void badPlansAreRefused() {
    assertThatThrownBy(() -> new Rollout.Plan(List.of(0.5), 0.2, 1, Duration.ZERO))
        .hasMessageContaining("end at 1.0");
    assertThatThrownBy(() -> new Rollout.Plan(List.of(0.5, 0.4, 1.0), 0.2, 1, Duration.ZERO))
        .hasMessageContaining("rise");
    assertThatThrownBy(() -> new Rollout.Plan(List.of(1.0), 1.5, 1, Duration.ZERO))
        .hasMessageContaining("threshold");
  }
}
