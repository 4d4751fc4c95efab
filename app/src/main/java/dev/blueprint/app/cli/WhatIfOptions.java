package dev.blueprint.app.cli;

import dev.blueprint.simulator.whatif.TrafficWhatIf;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The traffic what-ifs: more traffic, the diurnal peak, a lost replica or zone, cold caches. */
public final class WhatIfOptions {
  @Option(
      names = "--scale-traffic",
      paramLabel = "FACTOR",
      description = "Multiply every arrival rate (2x, 1.5, 150%%); a trace is replayed faster.")
  String scaleTraffic;

  @Option(
      names = "--diurnal-peak",
      description = "Run a diurnal workload steadily at its peak rate.")
  boolean diurnalPeak;

  @Option(
      names = "--fail-replica",
      paramLabel = "COMPONENT",
      description = "The component loses one replica (server, worker, consumer); repeatable.")
  List<String> failReplica = new ArrayList<>();

  @Option(
      names = "--fail-zone",
      paramLabel = "ZONES",
      description =
          "The design is spread over ZONES zones and one is lost: each replicated component loses its share.")
  int failZone;

  @Option(
      names = "--cold-cache",
      description = "Caches start empty and warm up as the run goes (no warm-up is discarded).")
  boolean coldCache;

  TrafficWhatIf whatIf() {
    double scale = scaleTraffic == null ? 1 : TrafficWhatIf.parseScale(scaleTraffic);
    return new TrafficWhatIf(scale, diurnalPeak, failReplica, failZone, coldCache);
  }
}
