package dev.blueprint.app.cli;

import dev.blueprint.app.report.Report;
import dev.blueprint.app.report.SpecSheets;
import dev.blueprint.app.report.Table;
import dev.blueprint.simulator.hardware.HardwareProfile;
import dev.blueprint.simulator.hardware.PricingTier;
import dev.blueprint.simulator.io.Catalog;
import dev.blueprint.simulator.model.LayerStack;
import dev.blueprint.simulator.model.ModelProfile;
import dev.blueprint.simulator.model.TransformerArchitecture;
import dev.blueprint.simulator.units.FlopRate;
import dev.blueprint.simulator.units.Precision;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Lists the hardware and model catalogs. */
@Command(
    name = "catalog",
    description = "List hardware or model profiles with their headline figures.",
    subcommands = {CatalogCommand.Hardware.class, CatalogCommand.Models.class})
final class CatalogCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "hardware",
      mixinStandardHelpOptions = true,
      description =
          "One row per hardware profile: peaks (dense), memory, links, power, price; "
              + "with an id, that profile's whole spec sheet with every source.")
  static final class Hardware implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CatalogOptions catalogs;

    @picocli.CommandLine.Parameters(
        arity = "0..1",
        paramLabel = "ID",
        description = "Show one profile in full.")
    String id;

    @Mixin OutputOptions formatting;

    @Override
    public Integer call() {
      Catalog<HardwareProfile> hardware = catalogs.hardware(spec.commandLine().getErr());
      if (id != null) {
        formatting
            .printer(spec.commandLine().getOut())
            .print(SpecSheets.hardware(hardware.get(id)));
        return 0;
      }
      Table.Builder table =
          Table.builder("Hardware profiles")
              .text("id", "id")
              .text("kind", "kind")
              .text("name", "name")
              .number("fp32_tflops", "FP32 TF", 1)
              .number("bf16_tflops", "BF16/FP16 TF", 1)
              .number("fp8_tflops", "FP8 TF", 1)
              .number("int8_tops", "INT8 TOPS", 1)
              .number("memory_gb", "mem GB", 1)
              .number("bandwidth_gbps", "mem GB/s", 0)
              .number("scale_up_gbps", "link GB/s", 0)
              .number("tdp_w", "TDP W", 0)
              .number("usd_per_hour", "$/h per device", 2)
              .text("price_tier", "price")
              .text("origin", "origin");
      for (HardwareProfile p : hardware.all()) {
        HardwareProfile.PriceQuote quote = p.priceFor(PricingTier.ON_DEMAND);
        table.row(
            p.id(),
            p.kind().id(),
            p.name(),
            tflops(p, Precision.FP32),
            p.peak(Precision.BF16)
                .or(() -> p.peak(Precision.FP16))
                .map(FlopRate::teraflops)
                .orElse(Double.NaN),
            tflops(p, Precision.FP8),
            tflops(p, Precision.INT8),
            p.memory().capacity().gigabytes(),
            p.memory().bandwidth().gigabytesPerSecond(),
            p.interconnect()
                .intraNode()
                .map(l -> l.bidirectional().gigabytesPerSecond())
                .orElse(Double.NaN),
            p.tdp().watts(),
            quote.perDevice().dollarsPerHour(),
            quote.tier().id(),
            hardware.isUserOverride(p.id()) || !p.origin().startsWith("hardware-profiles/")
                ? "user"
                : "shipped");
      }
      formatting
          .printer(spec.commandLine().getOut())
          .print(
              Report.builder("Hardware catalog: " + hardware.size() + " profiles")
                  .table(table.build())
                  .note(
                      "peaks are dense (no 2:4 sparsity); link is the scale-up fabric, both directions; "
                          + "price is the cheapest published on-demand offer per device (or an amortised purchase)")
                  .build());
      return 0;
    }

    private static double tflops(HardwareProfile p, Precision precision) {
      return p.peak(precision).map(FlopRate::teraflops).orElse(Double.NaN);
    }
  }

  @Command(
      name = "models",
      mixinStandardHelpOptions = true,
      description =
          "One row per model profile: family, derived parameters, work per sample or token; "
              + "with an id, that profile's architecture, derived figures and sources.")
  static final class Models implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin CatalogOptions catalogs;

    @picocli.CommandLine.Parameters(
        arity = "0..1",
        paramLabel = "ID",
        description = "Show one profile in full.")
    String id;

    @Mixin OutputOptions formatting;

    @Override
    public Integer call() {
      if (id != null) {
        formatting
            .printer(spec.commandLine().getOut())
            .print(SpecSheets.model(catalogs.models(spec.commandLine().getErr()).get(id)));
        return 0;
      }
      var models = catalogs.models(spec.commandLine().getErr()).profiles();
      Table.Builder table =
          Table.builder("Model profiles")
              .text("id", "id")
              .text("family", "family")
              .text("name", "name")
              .number("params_b", "params (B)", 3)
              .number("active_params_b", "active (B)", 3)
              .number("gflop_per_unit", "GFLOP", 2)
              .text("per", "per")
              .number("kv_kib_per_token", "KV KiB/token (16-bit)", 1)
              .number("layers", "layers", 0)
              .number("published_params_b", "published (B)", 3);
      for (ModelProfile p : models.all()) {
        double gflop;
        String per;
        double kv = Double.NaN;
        double layers;
        if (p.structure() instanceof TransformerArchitecture a) {
          boolean perToken = a.stack() != TransformerArchitecture.Stack.ENCODER;
          int tokens = perToken ? 1 : a.defaultSequence();
          gflop = 2 * a.forwardMacs(tokens) / 1e9;
          per = perToken ? "token" : "sample of " + tokens;
          kv =
              a.stack() == TransformerArchitecture.Stack.ENCODER
                  ? Double.NaN
                  : a.kvElementsPerToken() * 2 / 1024;
          layers = a.layers();
        } else {
          LayerStack s = (LayerStack) p.structure();
          gflop = 2 * s.macsPerSample() / 1e9;
          per =
              s.itemsPerSample() > 1
                  ? "sample of " + (long) s.itemsPerSample() + " items"
                  : "sample";
          layers = s.layers().size();
        }
        table.row(
            p.id(),
            p.family().id(),
            p.name(),
            p.parameterCount() / 1e9,
            p.activeParameterCount() / 1e9,
            gflop,
            per,
            kv,
            layers,
            p.published().params().isPresent()
                ? p.published().params().getAsDouble() / 1e9
                : Double.NaN);
      }
      formatting
          .printer(spec.commandLine().getOut())
          .print(
              Report.builder("Model catalog: " + models.size() + " profiles")
                  .table(table.build())
                  .note(
                      "parameters and FLOPs are derived from the architecture; 'published' is the authors' figure; "
                          + "synthetic ids gemm-MxNxK and allreduce-SIZE are also accepted")
                  .build());
      return 0;
    }
  }
}
