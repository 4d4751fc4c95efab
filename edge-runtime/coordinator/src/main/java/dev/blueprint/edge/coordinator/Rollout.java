package dev.blueprint.edge.coordinator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A staged rollout as a state machine, with no I/O: devices are offered the bundle wave by wave (a
 * canary share first), a wave opens when every device of the previous one has reported a final
 * result or timed out, and the rollout halts as soon as the share of failures among the devices
 * that finished passes the threshold (once enough have finished to judge). A halted rollout offers
 * nothing more and withdraws its open offers.
 */
public final class Rollout {
  /**
   * @param waves cumulative shares of the fleet offered by the end of each wave, e.g. 0.1, 0.5, 1
   * @param failureThreshold halt when failures / finished exceeds this
   * @param minFinished finished devices needed before the threshold is applied
   * @param waveTimeout a wave opens the next one after this even if some devices never answer
   */
  public record Plan(
      List<Double> waves, double failureThreshold, int minFinished, Duration waveTimeout) {
    public Plan {
      waves = List.copyOf(waves);
      if (waves.isEmpty() || waves.get(waves.size() - 1) != 1.0) {
        throw new IllegalArgumentException("waves must end at 1.0 (the whole fleet), got " + waves);
      }
      for (int i = 0; i < waves.size(); i++) {
        double w = waves.get(i);
        if (!(w > 0 && w <= 1) || (i > 0 && w <= waves.get(i - 1))) {
          throw new IllegalArgumentException("waves must rise within (0, 1], got " + waves);
        }
      }
      if (!(failureThreshold >= 0 && failureThreshold <= 1)) {
        throw new IllegalArgumentException(
            "failure threshold must be in [0, 1], got " + failureThreshold);
      }
    }

    /** Canary 10 %, then 50 %, then everyone; halt above 20 % failures once 3 have finished. */
    public static Plan standard() {
      return new Plan(List.of(0.1, 0.5, 1.0), 0.2, 3, Duration.ofMinutes(10));
    }
  }

  public enum DeviceState {
    WAITING,
    OFFERED,
    HEALTHY,
    FAILED
  }

  public enum State {
    RUNNING,
    HALTED,
    DONE
  }

  private final String id;
  private final Plan plan;
  private final Map<String, DeviceState> devices = new LinkedHashMap<>();
  private final Map<String, String> reasons = new LinkedHashMap<>();
  private int wave = -1;
  private long waveOpenedNanos;
  private State state = State.RUNNING;
  private String haltReason;

  /**
   * @param devices in offer order (the first ones are the canaries)
   */
  public Rollout(String id, List<String> devices, Plan plan) {
    this.id = id;
    this.plan = plan;
    for (String d : devices) {
      this.devices.put(d, DeviceState.WAITING);
    }
  }

  public String id() {
    return id;
  }

  public synchronized State state() {
    return state;
  }

  public synchronized String haltReason() {
    return haltReason;
  }

  public synchronized Map<String, DeviceState> devices() {
    return new LinkedHashMap<>(devices);
  }

  public synchronized Map<String, String> reasons() {
    return new LinkedHashMap<>(reasons);
  }

  public synchronized int wave() {
    return wave;
  }

  /** Devices to offer now: the next wave when the current one is finished or timed out. */
  public synchronized List<String> due(long nowNanos) {
    List<String> out = new ArrayList<>();
    if (state != State.RUNNING) {
      return out;
    }
    boolean waveOver =
        wave < 0 || openIn(wave) == 0 || nowNanos - waveOpenedNanos > plan.waveTimeout().toNanos();
    if (!waveOver || wave == plan.waves().size() - 1) {
      checkDone();
      return out;
    }
    long failed = count(DeviceState.FAILED);
    long finished = failed + count(DeviceState.HEALTHY);
    if (finished > 0 && (double) failed / finished > plan.failureThreshold()) {
      // A finished wave is judged on what it has, even below minFinished: a canary wave of two
      // that both failed must not open the next wave.
      state = State.HALTED;
      haltReason =
          String.format(
              "wave %d finished with %d of %d devices failed (%.0f%% > %.0f%%)",
              wave + 1, failed, finished, 100.0 * failed / finished, 100 * plan.failureThreshold());
      return out;
    }
    wave++;
    waveOpenedNanos = nowNanos;
    int until = (int) Math.ceil(plan.waves().get(wave) * devices.size());
    int i = 0;
    for (Map.Entry<String, DeviceState> e : devices.entrySet()) {
      if (i++ < until && e.getValue() == DeviceState.WAITING) {
        e.setValue(DeviceState.OFFERED);
        out.add(e.getKey());
      }
    }
    return out;
  }

  private long count(DeviceState s) {
    return devices.values().stream().filter(v -> v == s).count();
  }

  /** Offered devices of waves up to {@code w} still without a final result. */
  private int openIn(int w) {
    int until = (int) Math.ceil(plan.waves().get(w) * devices.size());
    int open = 0;
    int i = 0;
    for (DeviceState s : devices.values()) {
      if (i++ < until && s == DeviceState.OFFERED) {
        open++;
      }
    }
    return open;
  }

  /**
   * Records a final result; returns the devices whose offers must be withdrawn when this result
   * halts the rollout (empty otherwise).
   */
  public synchronized List<String> result(String device, boolean healthy, String reason) {
    DeviceState s = devices.get(device);
    if (s == null || s == DeviceState.HEALTHY || s == DeviceState.FAILED) {
      return List.of();
    }
    devices.put(device, healthy ? DeviceState.HEALTHY : DeviceState.FAILED);
    if (!healthy) {
      reasons.put(device, reason);
    }
    if (state != State.RUNNING) {
      return List.of();
    }
    long failed = devices.values().stream().filter(v -> v == DeviceState.FAILED).count();
    long finished =
        failed + devices.values().stream().filter(v -> v == DeviceState.HEALTHY).count();
    if (finished >= plan.minFinished() && (double) failed / finished > plan.failureThreshold()) {
      state = State.HALTED;
      haltReason =
          String.format(
              "%d of %d finished devices failed (%.0f%% > %.0f%%); last: %s",
              failed, finished, 100.0 * failed / finished, 100 * plan.failureThreshold(), reason);
      List<String> withdraw = new ArrayList<>();
      devices.forEach(
          (d, v) -> {
            if (v == DeviceState.OFFERED) {
              withdraw.add(d);
            }
          });
      return withdraw;
    }
    checkDone();
    return List.of();
  }

  private void checkDone() {
    if (state == State.RUNNING && wave == plan.waves().size() - 1 && openIn(wave) == 0) {
      state = State.DONE;
    }
  }
}
