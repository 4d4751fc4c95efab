package dev.blueprint.edge.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The periodic health report: heap, disk, bytes received, outbox length, and the local inference
 * window (requests, errors, p50/p99/p99.9 latency) since the last report. Not retained; queued in
 * the outbox like every report.
 */
final class Telemetry {
  private static final System.Logger LOG = System.getLogger(Telemetry.class.getName());

  private final AgentConfig config;
  private final Reports reports;
  private final Outbox outbox;
  private final Supplier<InferenceServer> inference;
  private final LongSupplier bytesReceived;

  Telemetry(
      AgentConfig config,
      Reports reports,
      Outbox outbox,
      Supplier<InferenceServer> inference,
      LongSupplier bytesReceived) {
    this.config = config;
    this.reports = reports;
    this.outbox = outbox;
    this.inference = inference;
    this.bytesReceived = bytesReceived;
  }

  /** Queues one report and starts a new inference window. */
  void report() {
    Runtime rt = Runtime.getRuntime();
    ObjectNode o =
        reports
            .header()
            .put("heap_used", rt.totalMemory() - rt.freeMemory())
            .put("bytes_received", bytesReceived.getAsLong())
            .put("outbox", outbox.size());
    InferenceServer s = inference.get();
    if (s != null) {
      InferenceServer.Window w = s.drain();
      o.put("inferences", w.served())
          .put("inference_errors", w.errors())
          .put("window_requests", w.latencyMicros().getTotalCount());
      if (w.latencyMicros().getTotalCount() > 0) {
        o.put("p50_ms", w.latencyMicros().getValueAtPercentile(50) / 1000.0)
            .put("p99_ms", w.latencyMicros().getValueAtPercentile(99) / 1000.0)
            .put("p999_ms", w.latencyMicros().getValueAtPercentile(99.9) / 1000.0);
      }
    }
    try {
      o.put("disk_free", Files.getFileStore(config.state()).getUsableSpace());
    } catch (IOException e) {
      LOG.log(Level.DEBUG, () -> "disk_free left out of this report: " + e.getMessage());
    }
    outbox.enqueue(Topics.telemetry(config.deviceId()), Reports.bytes(o), false);
  }
}
