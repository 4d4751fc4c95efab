package dev.blueprint.edge.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EligibilityTest {
  @TempDir Path dir;

  @Test
  void powerComesFromOnlineSuppliesOrAChargingBattery() throws IOException {
    Path supplies = dir.resolve("power_supply");
    Path load = dir.resolve("loadavg");
    Files.writeString(load, "0.40 0.30 0.20 1/100 1234\n");
    LinuxDeviceSignals signals = new LinuxDeviceSignals(supplies, load, () -> true, 4);
    assertThat(signals.onExternalPower()).as("no supplies listed: a server on mains").isTrue();
    assertThat(signals.loadPerCore()).isEqualTo(0.1);

    supply(supplies, "BAT0", "Battery", null, "Discharging");
    supply(supplies, "AC", "Mains", "0", null);
    assertThat(signals.onExternalPower()).isFalse();
    supply(supplies, "AC", "Mains", "1", null);
    assertThat(signals.onExternalPower()).isTrue();
    supply(supplies, "AC", "Mains", "0", null);
    supply(supplies, "BAT0", "Battery", null, "Charging");
    assertThat(signals.onExternalPower()).isTrue();
  }

  @Test
  void everyUnmetConditionIsNamed() {
    FakeSignals s = new FakeSignals();
    s.power.set(false);
    s.unmetered.set(false);
    s.loadMilli.set(900);
    Eligibility e = new Eligibility(TrainingConditions.DEFAULT, s, System::nanoTime);
    assertThat(e.whyNot())
        .hasValue("on battery, network metered, busy (load 0.90 per core, idle below 0.50)");
    assertThat(new Eligibility(TrainingConditions.ALWAYS, s, System::nanoTime).whyNot()).isEmpty();
  }

  @Test
  void aRunningTrainerSeesTheChangeAtTheNextCheckAndStaysStopped() {
    FakeSignals s = new FakeSignals();
    AtomicLong clock = new AtomicLong();
    TrainingConditions c = new TrainingConditions(true, false, false, 1, Duration.ofMillis(250));
    BooleanSupplier keepGoing = new Eligibility(c, s, clock::get).whileEligible();
    assertThat(keepGoing.getAsBoolean()).isTrue();
    s.power.set(false);
    clock.addAndGet(Duration.ofMillis(100).toNanos());
    assertThat(keepGoing.getAsBoolean()).as("not re-read before the period").isTrue();
    clock.addAndGet(Duration.ofMillis(150).toNanos());
    assertThat(keepGoing.getAsBoolean()).as("re-read at 250 ms").isFalse();
    s.power.set(true);
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    assertThat(keepGoing.getAsBoolean()).as("an abandoned run is not resumed").isFalse();
  }

  private static void supply(Path root, String name, String type, String online, String status)
      throws IOException {
    Path d = Files.createDirectories(root.resolve(name));
    Files.writeString(d.resolve("type"), type + "\n");
    if (online != null) {
      Files.writeString(d.resolve("online"), online + "\n");
    }
    if (status != null) {
      Files.writeString(d.resolve("status"), status + "\n");
    }
  }

  static final class FakeSignals implements DeviceSignals {
    final AtomicBoolean power = new AtomicBoolean(true);
    final AtomicBoolean unmetered = new AtomicBoolean(true);
    final AtomicLong loadMilli = new AtomicLong(0);

    @Override
    public boolean onExternalPower() {
      return power.get();
    }

    @Override
    public boolean unmetered() {
      return unmetered.get();
    }

    @Override
    public double loadPerCore() {
      return loadMilli.get() / 1000.0;
    }
  }
}
