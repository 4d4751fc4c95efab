package dev.blueprint.simulator.hardware;

import dev.blueprint.simulator.io.InvalidInputException;
import dev.blueprint.simulator.io.YamlDocument;
import dev.blueprint.simulator.io.YamlMap;
import dev.blueprint.simulator.units.Bandwidth;
import dev.blueprint.simulator.units.DataSize;
import dev.blueprint.simulator.units.FlopCount;
import dev.blueprint.simulator.units.FlopRate;
import dev.blueprint.simulator.units.Money;
import dev.blueprint.simulator.units.MoneyRate;
import dev.blueprint.simulator.units.Power;
import dev.blueprint.simulator.units.Precision;
import dev.blueprint.simulator.units.TimeSpan;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a hardware profile from YAML text (format: {@code docs/hardware-format.md}). A pure
 * function of the text and its origin: it returns a valid profile or throws an {@link
 * InvalidInputException} listing every problem with its line, column and field.
 */
public final class HardwareProfileParser {

  /**
   * How far above the marketed capacity a driver-reported figure may lie (GiB sold as GB: +7.4 %).
   */
  static final double USABLE_ALLOWANCE = 1.10;

  private HardwareProfileParser() {}

  private static boolean bool(String text) {
    return switch (text.trim()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("expected true or false, got '" + text + "'");
    };
  }

  private static Bandwidth positiveBandwidth(String text) {
    Bandwidth b = Bandwidth.parse(text);
    if (b.bytesPerSecond() <= 0) {
      throw new IllegalArgumentException("a bandwidth must be positive, got '" + text + "'");
    }
    return b;
  }

  /**
   * @param text the YAML text
   * @param origin the path or resource name, used in messages; when it ends in {@code <id>.yaml}
   *     the id must match
   */
  public static HardwareProfile parse(String text, String origin) {
    YamlDocument document = YamlDocument.parse(text, origin);
    Optional<YamlMap> maybeRoot = document.root();
    if (maybeRoot.isEmpty()) {
      document.finish();
      throw new IllegalStateException("unreachable: an empty document has a problem");
    }
    YamlMap root = maybeRoot.get();
    String id = root.requireId(origin);
    String name = root.requireString("name");
    String vendor = root.requireString("vendor");
    Optional<HardwareKind> kind = root.requireValue("kind", HardwareKind::parse);
    DeviceClass deviceClass =
        root.value("device_class", DeviceClass::parse).orElse(DeviceClass.UNCLASSIFIED);
    Map<String, String> sources = root.declareSources("sources");
    String notes = root.string("notes").orElse("");

    Map<Precision, FlopRate> peaks = readCompute(root);
    Optional<MemorySpec> memory = readMemory(root);
    OnChipMemory cache = readCache(root);
    Interconnect interconnect = readInterconnect(root);
    Optional<Power> tdp = readPower(root);
    List<PriceOffer> prices = readPrices(root);
    DeviceEfficiency efficiency =
        readEfficiency(root, DeviceEfficiency.defaults(kind.orElse(HardwareKind.GPU)), peaks, tdp);
    root.finish();
    document.finish();
    try {
      return new HardwareProfile(
          id,
          name,
          vendor,
          kind.orElseThrow(),
          deviceClass,
          peaks,
          memory.orElseThrow(),
          cache,
          interconnect,
          tdp.orElseThrow(),
          prices,
          efficiency,
          sources,
          notes,
          origin);
    } catch (IllegalArgumentException e) {
      document.problem("", e.getMessage());
      document.finish();
      throw new IllegalStateException("unreachable: finish() throws once a problem is recorded", e);
    }
  }

  private static Map<Precision, FlopRate> readCompute(YamlMap root) {
    Map<Precision, FlopRate> peaks = new EnumMap<>(Precision.class);
    Optional<YamlMap> compute = root.requireMap("compute");
    if (compute.isEmpty()) {
      return peaks;
    }
    YamlMap section = compute.get();
    section.requireSource();
    for (Precision precision : Precision.values()) {
      section.value(precision.id(), FlopRate::parse).ifPresent(rate -> peaks.put(precision, rate));
    }
    if (peaks.isEmpty()) {
      section.problem("fp32", "at least one peak is required (keys: " + Precision.names() + ")");
    }
    peaks.forEach(
        (precision, rate) -> {
          if (rate.flopPerSecond() <= 0) {
            section.problem(precision.id(), "a peak must be positive");
          }
        });
    section.finish();
    return peaks;
  }

  private static Optional<MemorySpec> readMemory(YamlMap root) {
    Optional<YamlMap> memory = root.requireMap("memory");
    if (memory.isEmpty()) {
      return Optional.empty();
    }
    YamlMap section = memory.get();
    section.requireSource();
    Optional<DataSize> capacity = section.requireValue("capacity", DataSize::parse);
    Optional<Bandwidth> bandwidth = section.requireValue("bandwidth", Bandwidth::parse);
    String type = section.string("type").orElse("");
    Optional<DataSize> usable = section.value("usable", DataSize::parse);
    boolean onChip = section.value("on_chip", HardwareProfileParser::bool).orElse(false);
    section.finish();
    if (usable.isPresent()
        && capacity.isPresent()
        && !(usable.get().bytes() > 0
            && usable.get().bytes() <= capacity.get().bytes() * USABLE_ALLOWANCE)) {
      section.problem(
          "usable",
          "must be positive and at most "
              + (int) Math.round((USABLE_ALLOWANCE - 1) * 100)
              + "% above the capacity (vendors quote binary GiB as GB), got "
              + usable.get()
              + " for "
              + capacity.get());
      return Optional.empty();
    }
    if (capacity.isPresent() && capacity.get().bytes() <= 0) {
      section.problem("capacity", "must be positive");
      return Optional.empty();
    }
    if (bandwidth.isPresent() && bandwidth.get().bytesPerSecond() <= 0) {
      section.problem("bandwidth", "must be positive");
      return Optional.empty();
    }
    if (capacity.isEmpty() || bandwidth.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new MemorySpec(capacity.get(), bandwidth.get(), type, usable, onChip));
  }

  private static OnChipMemory readCache(YamlMap root) {
    Optional<YamlMap> cache = root.map("cache");
    if (cache.isEmpty()) {
      return OnChipMemory.NONE;
    }
    YamlMap section = cache.get();
    section.requireSource();
    OnChipMemory spec =
        new OnChipMemory(
            section.value("l2", DataSize::parse),
            section.value("l3", DataSize::parse),
            section.value("sram", DataSize::parse),
            section.value("bandwidth", HardwareProfileParser::positiveBandwidth));
    section.finish();
    return spec;
  }

  private static Interconnect readInterconnect(YamlMap root) {
    Optional<YamlMap> interconnect = root.map("interconnect");
    if (interconnect.isEmpty()) {
      return Interconnect.NONE;
    }
    YamlMap section = interconnect.get();
    section.requireSource();
    Interconnect result =
        new Interconnect(
            readLink(section, "intra_node"),
            readLink(section, "scale_out"),
            readLink(section, "host"));
    section.finish();
    return result;
  }

  private static Optional<Link> readLink(YamlMap parent, String key) {
    Optional<YamlMap> link = parent.map(key);
    if (link.isEmpty()) {
      return Optional.empty();
    }
    YamlMap section = link.get();
    if (section.has("source")) {
      section.requireSource();
    }
    String name = section.string("link").orElse(key);
    Optional<Bandwidth> bandwidth =
        section.requireValue("bandwidth", HardwareProfileParser::positiveBandwidth);
    Topology topology = section.value("topology", Topology::parse).orElse(defaultTopology(key));
    int devices = section.integer("devices_per_node").orElse(1);
    if (devices < 1) {
      section.problem("devices_per_node", "must be at least 1, got " + devices);
      devices = 1;
    }
    boolean reduction = section.bool("in_network_reduction").orElse(false);
    section.finish();
    final int devicesPerNode = devices;
    return bandwidth.map(bw -> new Link(name, bw, topology, devicesPerNode, reduction));
  }

  private static Topology defaultTopology(String key) {
    return switch (key) {
      case "host" -> Topology.PCIE;
      case "scale_out" -> Topology.FAT_TREE;
      default -> Topology.SWITCH;
    };
  }

  private static Optional<Power> readPower(YamlMap root) {
    Optional<YamlMap> power = root.requireMap("power");
    if (power.isEmpty()) {
      return Optional.empty();
    }
    YamlMap section = power.get();
    section.requireSource();
    Optional<Power> tdp = section.requireValue("tdp", Power::parse);
    section.finish();
    return tdp;
  }

  private static List<PriceOffer> readPrices(YamlMap root) {
    List<PriceOffer> offers = new ArrayList<>();
    if (!root.has("prices")) {
      root.missing("prices");
      return offers;
    }
    List<YamlMap> entries = root.mapList("prices");
    if (entries.isEmpty()) {
      root.problem("prices", "at least one price is required");
    }
    for (YamlMap entry : entries) {
      readOffer(entry).ifPresent(offers::add);
    }
    return offers;
  }

  private static Optional<PriceOffer> readOffer(YamlMap entry) {
    String provider = entry.requireString("provider");
    String offer = entry.requireString("offer");
    String region = entry.string("region").orElse("");
    Optional<LocalDate> readOn = entry.requireValue("read_on", HardwareProfileParser::parseDate);
    int devices = entry.integer("devices").orElse(1);
    if (devices < 1) {
      entry.problem("devices", "an offer holds at least one device, got " + devices);
      devices = 1;
    }
    String source = entry.requireString("source");
    if (!source.isEmpty()) {
      entry.requireSource();
    }
    Map<PricingTier, MoneyRate> hourly = new EnumMap<>(PricingTier.class);
    entry.value("on_demand", MoneyRate::parse).ifPresent(r -> hourly.put(PricingTier.ON_DEMAND, r));
    entry.value("spot", MoneyRate::parse).ifPresent(r -> hourly.put(PricingTier.SPOT, r));
    entry
        .value("reserved_1y", MoneyRate::parse)
        .ifPresent(r -> hourly.put(PricingTier.RESERVED_1Y, r));
    entry
        .value("reserved_3y", MoneyRate::parse)
        .ifPresent(r -> hourly.put(PricingTier.RESERVED_3Y, r));
    Optional<Money> purchase = entry.value("purchase", Money::parse);
    Optional<Double> years = entry.number("amortize_years");
    entry.finish();
    if (purchase.isPresent() != years.isPresent()) {
      entry.problem(
          purchase.isPresent() ? "amortize_years" : "purchase",
          "a purchase price needs amortize_years, and amortize_years needs a purchase price");
      return Optional.empty();
    }
    if (years.isPresent() && !(years.get() > 0)) {
      entry.problem("amortize_years", "must be positive, got " + years.get());
      return Optional.empty();
    }
    if (hourly.isEmpty() && purchase.isEmpty()) {
      entry.problem(
          "on_demand", "an offer needs on_demand, spot, reserved_1y, reserved_3y or purchase");
      return Optional.empty();
    }
    if (readOn.isEmpty() || provider.isEmpty() || offer.isEmpty() || source.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new PriceOffer(
            provider,
            offer,
            region,
            readOn.get(),
            devices,
            hourly,
            purchase,
            years.map(y -> TimeSpan.hours(y * 8760)),
            source));
  }

  private static LocalDate parseDate(String text) {
    try {
      return LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("expected a date such as 2026-11-25, got '" + text + "'");
    }
  }

  private static DeviceEfficiency readEfficiency(
      YamlMap root,
      DeviceEfficiency defaults,
      Map<Precision, FlopRate> peaks,
      Optional<Power> tdp) {
    Optional<YamlMap> efficiency = root.map("efficiency");
    if (efficiency.isEmpty()) {
      return defaults;
    }
    YamlMap section = efficiency.get();
    section.requireSource();
    DeviceEfficiency.Builder builder = defaults.toBuilder();
    double scale = powerScale(section, peaks, tdp);
    section
        .value("matrix_max", HardwareProfileParser::fraction)
        .ifPresent(v -> builder.matrixMax(v * scale));
    section
        .map("matrix_max_by_precision")
        .ifPresent(
            byPrecision -> {
              for (Precision precision : Precision.values()) {
                byPrecision
                    .value(precision.id(), HardwareProfileParser::fraction)
                    .ifPresent(v -> builder.matrixMax(precision, v * scale));
              }
              byPrecision.finish();
            });
    section.value("matrix_half_work", FlopCount::parse).ifPresent(builder::matrixHalfWork);
    section.value("vector_max", HardwareProfileParser::fraction).ifPresent(builder::vectorMax);
    section.value("memory_max", HardwareProfileParser::fraction).ifPresent(builder::memoryMax);
    section.value("memory_latency", TimeSpan::parse).ifPresent(builder::memoryLatency);
    section.value("gather_max", HardwareProfileParser::fraction).ifPresent(builder::gatherMax);
    section.value("kernel_overhead", TimeSpan::parse).ifPresent(builder::kernelOverhead);
    section.value("launch_overhead", TimeSpan::parse).ifPresent(builder::launchOverhead);
    section
        .value("collective_max", HardwareProfileParser::fraction)
        .ifPresent(builder::collectiveMax);
    section.value("collective_latency", TimeSpan::parse).ifPresent(builder::collectiveLatency);
    section
        .value("in_network_reduction_max", HardwareProfileParser::fraction)
        .ifPresent(builder::inNetworkReductionMax);
    section.map("collective_size_curve").ifPresent(curve -> readSizeCurve(curve, builder));
    section.finish();
    return builder.build();
  }

  /**
   * {@code collective_size_curve: {source: id, 2MiB: 0.17, 16MiB: 0.49, ...}}: message sizes and
   * the share of the plateau bus bandwidth a measured all-reduce sweep reached at each ({@link
   * CollectiveSizeCurve}).
   */
  private static void readSizeCurve(YamlMap curve, DeviceEfficiency.Builder builder) {
    curve.requireSource();
    List<CollectiveSizeCurve.Point> points = new ArrayList<>();
    for (String key : curve.keys()) {
      if (key.equals("source")) {
        continue;
      }
      DataSize size;
      try {
        size = DataSize.parse(key);
      } catch (IllegalArgumentException e) {
        curve.problem(key, "expected a message size such as 16MiB as the key: " + e.getMessage());
        continue;
      }
      curve
          .value(key, HardwareProfileParser::fraction)
          .ifPresent(share -> points.add(new CollectiveSizeCurve.Point(size.bytes(), share)));
    }
    if (points.isEmpty()) {
      curve.problem("source", "a collective_size_curve needs at least one size: share point");
    } else {
      try {
        builder.collectiveSizeCurve(CollectiveSizeCurve.of(points));
      } catch (IllegalArgumentException e) {
        curve.problem("source", e.getMessage());
      }
    }
    curve.finish();
  }

  /**
   * {@code power_scaled_from: {device, tdp, bf16, source}}: the matrix shares in this block were
   * measured on that sibling, and this part sustains less of them when it has less board power per
   * peak FLOP ({@link PowerLimit}); 1 without the key.
   */
  private static double powerScale(
      YamlMap section, Map<Precision, FlopRate> peaks, Optional<Power> tdp) {
    Optional<YamlMap> sibling = section.map("power_scaled_from");
    if (sibling.isEmpty()) {
      return 1;
    }
    YamlMap s = sibling.get();
    s.requireSource();
    s.requireString("device");
    Optional<Power> watts = s.requireValue("tdp", Power::parse);
    Optional<FlopRate> peak = s.requireValue("bf16", FlopRate::parse);
    FlopRate own = peaks.getOrDefault(Precision.BF16, peaks.get(Precision.FP16));
    double scale = 1;
    if (own == null) {
      s.problem("bf16", "the profile needs a bf16 or fp16 peak to compare with its sibling's");
    } else if (watts.isPresent() && peak.isPresent() && tdp.isPresent()) {
      try {
        scale =
            PowerLimit.shareOfSibling(
                tdp.get().watts(),
                own.flopPerSecond(),
                watts.get().watts(),
                peak.get().flopPerSecond());
      } catch (IllegalArgumentException e) {
        s.problem("tdp", e.getMessage());
      }
    }
    s.finish();
    return scale;
  }

  private static double fraction(String text) {
    double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected a fraction in (0, 1], got '" + text + "'");
    }
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException("expected a fraction in (0, 1], got '" + text + "'");
    }
    return value;
  }
}
