package dev.blueprint.app.report;

import dev.blueprint.simulator.hardware.DeviceEfficiency;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.Link;
import dev.blueprint.simulator.hardware.PriceOffer;
import dev.blueprint.simulator.hardware.PricingTier;
import dev.blueprint.simulator.model.Layer;
import dev.blueprint.simulator.model.LayerStack;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.TransformerArchitecture;
import dev.blueprint.simulator.units.FlopRate;
import dev.blueprint.simulator.units.Precision;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** One profile in full: every figure with its unit, and every source. */
public final class SpecSheets {
  private SpecSheets() {}

  public static Report hardware(HardwareProfile p) {
    Report.Builder r =
        Report.builder(p.name() + " (" + p.id() + ", " + p.kind().id() + ", " + p.vendor() + ")");
    for (Map.Entry<Precision, FlopRate> peak : new EnumMap<>(p.peaks()).entrySet()) {
      r.figure(
          "peak_" + peak.getKey().id() + "_tflops",
          "dense peak " + peak.getKey().id(),
          peak.getValue().teraflops(),
          peak.getKey().isFloatingPoint() ? "TFLOP/s" : "TOPS",
          1);
    }
    r.figure(
        "memory_gb", "memory", p.memory().capacity().gigabytes(), "GB " + p.memory().type(), 1);
    p.memory()
        .usable()
        .ifPresent(u -> r.figure("memory_usable_gb", "usable memory", u.gigabytes(), "GB", 2));
    r.figure(
        "bandwidth_gbps",
        "memory bandwidth",
        p.memory().bandwidth().gigabytesPerSecond(),
        "GB/s",
        0);
    p.cache().l2().ifPresent(c -> r.figure("l2_mb", "L2 cache", c.bytes() / 1e6, "MB", 1));
    p.cache().l3().ifPresent(c -> r.figure("l3_mb", "L3 cache", c.bytes() / 1e6, "MB", 1));
    p.cache().sram().ifPresent(c -> r.figure("sram_mb", "on-chip SRAM", c.bytes() / 1e6, "MB", 1));
    link(r, "scale_up", "scale-up link", p.interconnect().intraNode());
    link(r, "scale_out", "scale-out link", p.interconnect().scaleOut());
    link(r, "host", "host link", p.interconnect().host());
    r.figure("tdp_w", "TDP", p.tdp().watts(), "W", 0);
    Table.Builder prices =
        Table.builder("Prices")
            .text("provider", "provider")
            .text("offer", "offer")
            .text("region", "region")
            .text("read_on", "read on")
            .number("devices", "devices", 0)
            .text("tier", "tier")
            .number("usd_per_device_hour", "$/device-hour", 3)
            .text("source", "source");
    for (PriceOffer offer : p.prices()) {
      for (PricingTier tier : PricingTier.values()) {
        offer
            .perDevice(tier)
            .ifPresent(
                rate ->
                    prices.row(
                        offer.provider(),
                        offer.offer(),
                        offer.region(),
                        offer.readOn().toString(),
                        offer.devices(),
                        tier.id(),
                        rate.dollarsPerHour(),
                        offer.source()));
      }
    }
    DeviceEfficiency e = p.efficiency();
    Table.Builder efficiency =
        Table.builder("Efficiency (docs/calibration.md)")
            .text("parameter", "parameter")
            .text("value", "value")
            .row("matrix_max", String.valueOf(e.matrixMax()))
            .row("matrix_max_by_precision", e.matrixMaxByPrecision().toString())
            .row("matrix_half_work", e.matrixHalfWork().toHumanString())
            .row("vector_max", String.valueOf(e.vectorMax()))
            .row("memory_max", String.valueOf(e.memoryMax()))
            .row("memory_latency", e.memoryLatency().toHumanString())
            .row("gather_max", String.valueOf(e.gatherMax()))
            .row("kernel_overhead", e.kernelOverhead().toHumanString())
            .row("launch_overhead", e.launchOverhead().toHumanString())
            .row("collective_max", String.valueOf(e.collectiveMax()))
            .row("collective_latency", e.collectiveLatency().toHumanString())
            .row("in_network_reduction_max", String.valueOf(e.inNetworkReductionMax()));
    r.table(prices.build()).table(efficiency.build()).table(sources(p.sources()));
    if (!p.notes().isEmpty()) {
      r.note(p.notes());
    }
    return r.note("read from " + p.origin()).build();
  }

  private static void link(Report.Builder r, String key, String label, Optional<Link> link) {
    link.ifPresent(
        l ->
            r.figure(
                key + "_gbps",
                label
                    + " ("
                    + l.name()
                    + ", "
                    + l.topology().id()
                    + (l.inNetworkReduction() ? ", in-network reduction" : "")
                    + ")",
                l.bidirectional().gigabytesPerSecond(),
                "GB/s both directions",
                0));
  }

  public static Report model(ModelProfile p) {
    Report.Builder r =
        Report.builder(
            p.name()
                + " ("
                + p.id()
                + ", "
                + p.family().id()
                + (p.task().isEmpty() ? "" : ", " + p.task())
                + ")");
    r.figure("params_b", "parameters (derived)", p.parameterCount() / 1e9, "B", 4);
    if (p.activeParameterCount() != p.parameterCount()) {
      r.figure(
          "active_params_b", "active per token (derived)", p.activeParameterCount() / 1e9, "B", 4);
    }
    p.published()
        .params()
        .ifPresent(v -> r.figure("published_params_b", "published parameters", v / 1e9, "B", 4));
    if (p.structure() instanceof TransformerArchitecture a) {
      r.figure("layers", "layers", a.layers(), "", 0)
          .figure("hidden", "hidden size", a.hidden(), "", 0)
          .figure("heads", "attention heads / KV heads", a.heads(), "/ " + a.kvHeads(), 0)
          .figure(
              "ffn",
              "MLP width" + (a.isMixtureOfExperts() ? " per expert" : ""),
              a.ffn(),
              a.gatedMlp() ? "(gated)" : "",
              0)
          .figure(
              "gflop_per_token",
              "forward GFLOP per token (short context)",
              2 * a.forwardMacs(1) / 1e9,
              "GFLOP",
              2)
          .figure(
              "kv_kib_per_token",
              "KV cache per token in 16 bits",
              a.kvElementsPerToken() * 2 / 1024,
              "KiB",
              1)
          .figure("default_sequence", "default sequence", a.defaultSequence(), "tokens", 0);
      if (a.isMixtureOfExperts()) {
        r.figure("experts", "experts / per token", a.experts(), "/ " + a.expertsPerToken(), 0);
      }
    } else if (p.structure() instanceof LayerStack s) {
      r.figure(
          "gmacs_per_sample", "multiply-accumulates per sample", s.macsPerSample() / 1e9, "G", 3);
      p.published()
          .macsPerSample()
          .ifPresent(
              v -> r.figure("published_gmacs", "published MACs per sample", v / 1e9, "G", 3));
      if (s.itemsPerSample() > 1) {
        r.figure("items_per_sample", "items per sample", s.itemsPerSample(), "", 0);
      }
      Table.Builder layers =
          Table.builder("Layers")
              .text("name", "name")
              .text("op", "op")
              .text("shape", "shape")
              .number("params", "params", 0)
              .number("mmacs", "MMACs per sample", 2);
      for (Layer l : s.layers()) {
        String shape =
            l.repeats() > 1
                ? l.description() + " (x" + trimRepeats(l.repeats()) + " per sample)"
                : l.description();
        layers.row(l.name(), l.op(), shape, l.params(), l.totalMacsPerSample() / 1e6);
      }
      r.table(layers.build());
    }
    r.table(sources(p.sources()));
    if (!p.notes().isEmpty()) {
      r.note(p.notes());
    }
    return r.note("read from " + p.origin()).build();
  }

  private static Table sources(Map<String, String> sources) {
    Table.Builder table = Table.builder("Sources").text("id", "id").text("citation", "citation");
    sources.forEach(table::row);
    return table.build();
  }

  private static String trimRepeats(double repeats) {
    return repeats == Math.rint(repeats)
        ? Long.toString((long) repeats)
        : String.format(Locale.ROOT, "%.1f", repeats);
  }
}
