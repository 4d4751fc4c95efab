package dev.blueprint.edge.fl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Signals read from Linux: power from {@code /sys/class/power_supply} (an online {@code Mains} or
 * {@code USB} supply, or a {@code Battery} whose status is {@code Charging} or {@code Full}; a
 * machine with no supplies listed, such as a server or a board on a bench supply, is on power),
 * load from {@code /proc/loadavg}. Linux has no general metered-network flag, so that one comes
 * from the configuration.
 */
public final class LinuxDeviceSignals implements DeviceSignals {
  private final Path powerSupplies;
  private final Path loadAverage;
  private final BooleanSupplier unmetered;
  private final int processors;

  public LinuxDeviceSignals(BooleanSupplier unmetered) {
    this(
        Path.of("/sys/class/power_supply"),
        Path.of("/proc/loadavg"),
        unmetered,
        Runtime.getRuntime().availableProcessors());
  }

  /** Reads from other folders: for tests, and for containers that mount the host's. */
  public LinuxDeviceSignals(
      Path powerSupplies, Path loadAverage, BooleanSupplier unmetered, int processors) {
    this.powerSupplies = powerSupplies;
    this.loadAverage = loadAverage;
    this.unmetered = unmetered;
    this.processors = processors;
  }

  @Override
  public boolean onExternalPower() {
    if (!Files.isDirectory(powerSupplies)) {
      return true;
    }
    List<Path> supplies;
    try (Stream<Path> s = Files.list(powerSupplies)) {
      supplies = s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(powerSupplies + ": " + e.getMessage(), e);
    }
    boolean anyListed = false;
    for (Path supply : supplies) {
      String type = read(supply.resolve("type"));
      if (type == null) {
        continue;
      }
      anyListed = true;
      switch (type.toLowerCase(Locale.ROOT)) {
        case "mains", "usb", "usb_c", "usb_pd" -> {
          if ("1".equals(read(supply.resolve("online")))) {
            return true;
          }
        }
        case "battery" -> {
          String status = read(supply.resolve("status"));
          if ("Charging".equals(status) || "Full".equals(status)) {
            return true;
          }
        }
        default -> {
          // other supply kinds (e.g. a UPS or a wireless charger) say nothing either way
        }
      }
    }
    return !anyListed;
  }

  @Override
  public boolean unmetered() {
    return unmetered.getAsBoolean();
  }

  @Override
  public double loadPerCore() {
    String line = read(loadAverage);
    if (line == null) {
      return 0;
    }
    String first = line.split("\\s+")[0];
    try {
      return Double.parseDouble(first) / processors;
    } catch (NumberFormatException e) {
      throw new IllegalStateException(loadAverage + ": not a load average: '" + line + "'", e);
    }
  }

  private static String read(Path file) {
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }
}
