package dev.blueprint.edge.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.blueprint.edge.TestGraphs;
import dev.blueprint.edge.model.Graph;
import dev.blueprint.edge.model.ModelFile;
import dev.blueprint.edge.runtime.Interpreter;
import dev.blueprint.edge.runtime.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A/B slots: switch, commit, health-check failure and crash-loop rollback, and power cuts between
 * steps.
 */
class SlotStoreTest {
  @TempDir Path dir;

  private void stage(SlotStore slots, String content) throws IOException {
    Path staging = slots.staging();
    Files.createDirectories(staging);
    Files.writeString(staging.resolve("model.txt"), content);
  }

  @Test
  void anUpdateGoesToTheOtherSlotOnTrialAndIsCommitted() throws IOException {
    SlotStore slots = new SlotStore(dir);
    assertThat(slots.active()).isEmpty();
    stage(slots, "v1");
    assertThat(slots.switchTo("1.0", 1).slot()).isEqualTo("a");
    slots.commit();
    stage(slots, "v2");
    SlotStore.Active trial = slots.switchTo("2.0", 2);
    assertThat(trial.slot()).isEqualTo("b");
    assertThat(trial.state()).isEqualTo(SlotStore.State.TRIAL);
    assertThat(dir.resolve("a/model.txt")).hasContent("v1");
    assertThat(dir.resolve("b/model.txt")).hasContent("v2");
    assertThat(slots.commit().state()).isEqualTo(SlotStore.State.COMMITTED);
    assertThat(new SlotStore(dir).activeFolder()).contains(dir.resolve("b"));
  }

  @Test
  void aFailedTrialRollsBackToThePreviousSlotWithItsVersion() throws IOException {
    SlotStore slots = new SlotStore(dir);
    stage(slots, "v1");
    slots.switchTo("1.0", 1);
    slots.commit();
    stage(slots, "v2");
    slots.switchTo("2.0", 2);
    SlotStore.Active back = slots.rollback();
    assertThat(back.slot()).isEqualTo("a");
    assertThat(back.version()).isEqualTo("1.0");
    assertThat(back.counter()).isEqualTo(1);
    assertThat(back.state()).isEqualTo(SlotStore.State.COMMITTED);
    assertThatThrownBy(slots::rollback).hasMessageContaining("only a trial rolls back");
  }

  @Test
  void anAgentThatKeepsCrashingOnATrialSlotIsRolledBackOnTheNextStart() throws IOException {
    SlotStore slots = new SlotStore(dir);
    stage(slots, "v1");
    slots.switchTo("1.0", 1);
    slots.commit();
    stage(slots, "v2");
    slots.switchTo("2.0", 2);
    List<String> seen = new ArrayList<>();
    for (int start = 0; start < SlotStore.MAX_TRIAL_STARTS + 1; start++) {
      // Each start is a fresh process: a new store over the same folder.
      seen.add(new SlotStore(dir).started().slot());
    }
    assertThat(seen).containsExactly("b", "b", "b", "a");
    assertThat(new SlotStore(dir).active().orElseThrow().version()).isEqualTo("1.0");
  }

  @Test
  void aPowerCutWhileStagingLeavesTheActiveSlotAsItWasAndTheStagingIsCleared() throws IOException {
    SlotStore slots = new SlotStore(dir);
    stage(slots, "v1");
    slots.switchTo("1.0", 1);
    slots.commit();
    stage(slots, "half-written");
    // The process dies here; the next start sees the old pointer and no staging folder.
    SlotStore restarted = new SlotStore(dir);
    assertThat(restarted.active().orElseThrow().slot()).isEqualTo("a");
    assertThat(dir.resolve("b.staging")).doesNotExist();
    assertThat(dir.resolve("a/model.txt")).hasContent("v1");
  }

  @Test
  void theHealthCheckPassesOnGoldenOutputsAndFailsOnWrongOnesOrAnOverBudgetLatency()
      throws IOException {
    Graph g = TestGraphs.cnn(3);
    Path slot = Files.createDirectories(dir.resolve("slot"));
    ModelFile.write(g, slot.resolve("model.bpm"));
    List<float[]> inputs = new ArrayList<>();
    List<float[]> outputs = new ArrayList<>();
    Interpreter run = new Interpreter(g);
    for (int i = 0; i < 3; i++) {
      Tensor in = TestGraphs.images(i, 1).get(0);
      inputs.add(in.floats());
      outputs.add(run.run(in).toFloats());
    }
    Files.write(
        slot.resolve("golden.json"),
        HealthCheck.toJson(new HealthCheck.Golden("model.bpm", inputs, outputs, 1e-5, 1000, 5, 0)));
    HealthCheck.Result ok = HealthCheck.run(slot);
    assertThat(ok.passed()).as(ok.reason()).isTrue();
    assertThat(ok.runs()).isEqualTo(15);

    List<float[]> wrong = new ArrayList<>(outputs);
    float[] w = wrong.get(1).clone();
    w[0] += 0.5f;
    wrong.set(1, w);
    Files.write(
        slot.resolve("golden.json"),
        HealthCheck.toJson(new HealthCheck.Golden("model.bpm", inputs, wrong, 1e-5, 1000, 5, 0)));
    assertThat(HealthCheck.run(slot).reason()).contains("differ from golden.json by up to 0.5");

    Files.write(
        slot.resolve("golden.json"),
        HealthCheck.toJson(new HealthCheck.Golden("model.bpm", inputs, outputs, 1e-5, 1e-9, 5, 0)));
    assertThat(HealthCheck.run(slot).reason()).contains("over the 0.000 ms budget");

    Files.write(slot.resolve("model.bpm"), new byte[] {1, 2, 3});
    assertThat(HealthCheck.run(slot).reason()).contains("model.bpm does not load");
  }
}
