package dev.blueprint.simulator.design;

import dev.blueprint.simulator.units.MoneyRate;
import java.util.Objects;

/**
 * An API gateway or proxy in front of the system: each request costs a fixed amount of CPU (TLS,
 * routing, headers) plus the time to decode and encode its payload; {@code workers} requests are
 * handled at once.
 *
 * @param name the component's name
 * @param protocol rest, grpc or websocket
 * @param workers requests handled at once (cores × worker threads that do not block)
 * @param overheadSeconds fixed CPU time per request
 * @param serializeBytesPerSecond payload bytes one worker decodes and encodes per second
 * @param cost the price of the gateway fleet
 */
public record GatewaySpec(
    String name,
    String protocol,
    int workers,
    double overheadSeconds,
    double serializeBytesPerSecond,
    MoneyRate cost)
    implements ComponentSpec {
  /**
   * CPU per request through an Envoy proxy: 0.35 ms (Istio 1.16 performance and scalability page,
   * sidecar at 1000 requests/s); the same for every protocol, because no source separates them
   * (docs/design-format.md).
   */
  public static final double DEFAULT_OVERHEAD_SECONDS = 0.35e-3;

  /** JSON with a Jackson-class library: about 250 MB/s per core (jvm-serializers wiki, 2023). */
  public static final double JSON_BYTES_PER_SECOND = 250e6;

  /**
   * Protocol buffers: 0.9 µs to encode and 0.55 µs to decode a message half the size of its JSON
   * form that takes 4.2 µs (jvm-serializers): about three times JSON's rate per byte of JSON, so
   * 500 MB/s of protobuf bytes for half the bytes is a conservative default.
   */
  public static final double PROTOBUF_BYTES_PER_SECOND = 500e6;

  public GatewaySpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(cost, "cost");
    if (workers < 1) {
      throw new IllegalArgumentException("a gateway needs at least one worker, got " + workers);
    }
    if (!(overheadSeconds >= 0) || !(serializeBytesPerSecond > 0)) {
      throw new IllegalArgumentException(
          "overhead must not be negative and serialize must be positive");
    }
  }

  @Override
  public String kind() {
    return "gateway";
  }
}
