package dev.blueprint.app.workbench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the palette offers: every component kind of the design format, the fields a new one starts
 * with (so it loads at once) and the fields the inspector offers for it (docs/design-format.md).
 */
public final class ComponentKinds {
  private ComponentKinds() {}

  /**
   * One kind.
   *
   * @param id the {@code kind:} value
   * @param label what the palette says
   * @param glyph a short mark drawn in the component's box
   * @param colour its accent, as a CSS colour
   * @param starting fields a new component is written with, in order
   * @param optional further fields the inspector offers (empty until set)
   */
  public record Kind(
      String id,
      String label,
      String glyph,
      String colour,
      Map<String, String> starting,
      List<String> optional) {}

  private static Map<String, String> fields(String... pairs) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  public static final List<Kind> ALL =
      List.of(
          new Kind(
              "gateway",
              "Gateway",
              "GW",
              "#4f7cac",
              fields("protocol", "grpc", "workers", "8"),
              List.of("overhead", "serialize", "cost", "cost_per_worker")),
          new Kind(
              "network",
              "Network hop",
              "NET",
              "#6b7a8f",
              fields("latency", "0.25ms"),
              List.of("bandwidth", "cost")),
          new Kind(
              "cache",
              "Cache",
              "$",
              "#c0862f",
              fields("hit_ratio", "50%", "hit_latency", "0.5ms", "miss_latency", "0.5ms"),
              List.of("keys", "zipf", "capacity", "cost")),
          new Kind(
              "feature-store",
              "Feature store",
              "FS",
              "#3e8e7e",
              fields("latency", "lognormal(median=1ms, p99=4ms)"),
              List.of("keys", "keys_per_item", "batch_size", "connections", "cost")),
          new Kind(
              "model-server",
              "Model server",
              "GPU",
              "#7a4fac",
              fields(
                  "model",
                  "resnet-50",
                  "hardware",
                  "nvidia-l4",
                  "precision",
                  "int8",
                  "replicas",
                  "1",
                  "batching",
                  "dynamic",
                  "max_batch",
                  "32",
                  "max_queue_delay",
                  "2ms"),
              List.of("samples", "sequence", "pricing")),
          new Kind(
              "llm-server",
              "LLM server",
              "LLM",
              "#a8457a",
              fields(
                  "model",
                  "llama-3.1-8b",
                  "hardware",
                  "nvidia-h100-sxm-80gb",
                  "precision",
                  "fp8",
                  "replicas",
                  "1"),
              List.of("tp", "engine", "max_batch", "max_tokens_per_iteration", "pricing")),
          new Kind(
              "vector-index",
              "Vector index",
              "ANN",
              "#2f7fa8",
              fields("vectors", "10M", "dimensions", "128", "threads", "8"),
              List.of("index", "recall", "nprobe", "nlist", "code_bytes", "cost")),
          new Kind(
              "stream",
              "Stream",
              "LOG",
              "#8a6d3b",
              fields("partitions", "8", "consumers", "4", "processing", "exponential(mean=2ms)"),
              List.of("broker_latency", "cost")),
          new Kind(
              "station",
              "Station",
              "Q",
              "#5a6b7b",
              fields("servers", "1", "service", "exponential(mean=10ms)"),
              List.of("queue_capacity", "discipline", "cost")),
          new Kind(
              "autoscaler",
              "Autoscaler",
              "AS",
              "#4c8c4a",
              fields("target_utilization", "70%", "min", "1", "max", "8"),
              List.of("target", "interval", "scale_up_delay", "scale_down_window")));

  /** The kind called {@code id}; a neutral one for a kind the palette does not know. */
  public static Kind of(String id) {
    return ALL.stream()
        .filter(k -> k.id().equals(id))
        .findFirst()
        .orElse(new Kind(id, id, "?", "#777777", Map.of(), List.of()));
  }
}
