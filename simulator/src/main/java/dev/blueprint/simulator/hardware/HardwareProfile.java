package dev.blueprint.simulator.hardware;

import dev.blueprint.simulator.units.FlopRate;
import dev.blueprint.simulator.units.MoneyRate;
import dev.blueprint.simulator.units.Power;
import dev.blueprint.simulator.units.Precision;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Everything the simulator knows about one device, as loaded from its YAML profile. Peaks are dense
 * (no structured sparsity). Every figure traces to an entry of {@link #sources()}.
 *
 * @param id the catalog id, equal to the file name ({@code nvidia-h100-sxm-80gb})
 * @param name the display name
 * @param vendor who makes it
 * @param kind gpu, tpu, cpu, npu or edge
 * @param peaks dense peak rate per supported precision; FP32 is the vector (non-tensor) rate
 * @param memory device memory
 * @param cache on-chip memory
 * @param interconnect scale-up, scale-out and host links
 * @param tdp thermal design power
 * @param prices published offers
 * @param efficiency calibrated efficiency curves
 * @param sources citation id → citation text
 * @param notes derivations and caveats, or empty
 * @param origin the file or resource this profile was read from
 */
public record HardwareProfile(
    String id,
    String name,
    String vendor,
    HardwareKind kind,
    DeviceClass deviceClass,
    Map<Precision, FlopRate> peaks,
    MemorySpec memory,
    OnChipMemory cache,
    Interconnect interconnect,
    Power tdp,
    List<PriceOffer> prices,
    DeviceEfficiency efficiency,
    Map<String, String> sources,
    String notes,
    String origin) {
  public HardwareProfile {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(vendor, "vendor");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(deviceClass, "deviceClass");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(interconnect, "interconnect");
    Objects.requireNonNull(tdp, "tdp");
    Objects.requireNonNull(efficiency, "efficiency");
    Objects.requireNonNull(notes, "notes");
    Objects.requireNonNull(origin, "origin");
    if (peaks.isEmpty()) {
      throw new IllegalArgumentException(id + ": a profile needs at least one peak compute rate");
    }
    if (prices.isEmpty()) {
      throw new IllegalArgumentException(id + ": a profile needs at least one price");
    }
    peaks = Map.copyOf(new EnumMap<>(peaks));
    prices = List.copyOf(prices);
    sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
  }

  /** The same device with other efficiency parameters (a calibration's result). */
  public HardwareProfile withEfficiency(DeviceEfficiency other) {
    return new HardwareProfile(
        id,
        name,
        vendor,
        kind,
        deviceClass,
        peaks,
        memory,
        cache,
        interconnect,
        tdp,
        prices,
        other,
        sources,
        notes,
        origin);
  }

  /** The dense peak at {@code precision}, if the device supports it. */
  public Optional<FlopRate> peak(Precision precision) {
    return Optional.ofNullable(peaks.get(precision));
  }

  /**
   * The dense peak at {@code precision}.
   *
   * @throws IllegalArgumentException naming the precisions the device does support
   */
  public FlopRate requirePeak(Precision precision) {
    FlopRate rate = peaks.get(precision);
    if (rate == null) {
      throw new IllegalArgumentException(
          id + " has no " + precision.id() + " compute; it supports " + supportedPrecisions());
    }
    return rate;
  }

  /**
   * Checks that models in {@code precision} can run on this device. A GPU, TPU or NPU needs that
   * format's arithmetic; a general-purpose processor (a CPU, or an edge device with an fp32 peak)
   * runs a format it lacks in one it has, as TFLite, llama.cpp and whisper.cpp do on cores without
   * fp16 or int8 units.
   *
   * @throws IllegalArgumentException naming the precisions the device does support
   */
  public void requireRunnable(Precision precision) {
    boolean generalPurpose =
        kind == HardwareKind.CPU
            || (kind == HardwareKind.EDGE && peaks.containsKey(Precision.FP32));
    if (!generalPurpose) {
      requirePeak(precision);
    }
  }

  /**
   * The rate element-wise (non-matrix) work runs at: the FP32 vector peak, or for devices that
   * publish no FP32 figure (NPUs, edge accelerators) a sixteenth of their fastest matrix peak.
   */
  public FlopRate vectorPeak() {
    FlopRate fp32 = peaks.get(Precision.FP32);
    if (fp32 != null) {
      return fp32;
    }
    return peaks.values().stream().max(Comparator.naturalOrder()).orElseThrow().times(1.0 / 16);
  }

  /** The precisions with a peak, comma separated, in {@link Precision} order. */
  public String supportedPrecisions() {
    return new EnumMap<>(peaks)
        .keySet().stream().map(Precision::id).collect(Collectors.joining(", "));
  }

  /**
   * The cheapest per-device price in {@code tier} over all offers.
   *
   * @return empty when no offer has that tier
   */
  public Optional<MoneyRate> pricePerDevice(PricingTier tier) {
    return prices.stream()
        .map(offer -> offer.perDevice(tier))
        .flatMap(Optional::stream)
        .min(Comparator.naturalOrder());
  }

  /**
   * The per-device price in {@code tier}, falling back to on-demand and then to an amortised
   * purchase, so that every device has some cost.
   */
  public PriceQuote priceFor(PricingTier tier) {
    for (PricingTier candidate : List.of(tier, PricingTier.ON_DEMAND, PricingTier.PURCHASE)) {
      Optional<MoneyRate> rate = pricePerDevice(candidate);
      if (rate.isPresent()) {
        return new PriceQuote(candidate, rate.get());
      }
    }
    PriceOffer any = prices.get(0);
    PricingTier first = any.hourly().keySet().iterator().next();
    return new PriceQuote(first, any.perDevice(first).orElseThrow());
  }

  /** This profile with other fabrics (for what-if questions and algorithm choices). */
  public HardwareProfile withInterconnect(Interconnect other) {
    return new HardwareProfile(
        id,
        name,
        vendor,
        kind,
        deviceClass,
        peaks,
        memory,
        cache,
        other,
        tdp,
        prices,
        efficiency,
        sources,
        notes,
        origin);
  }

  /**
   * A price actually used for a cost figure.
   *
   * @param tier the tier the price is from (may differ from the one asked for)
   * @param perDevice per device per hour
   */
  public record PriceQuote(PricingTier tier, MoneyRate perDevice) {}
}
