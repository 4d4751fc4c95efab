package dev.blueprint.edge.coordinator.fl.runner;

import java.util.Objects;

/**
 * An encoded update as it arrives from a device: who says they sent it, how many samples they
 * trained on, and the bytes ({@link dev.blueprint.edge.fl.UpdateCodec}), which carry the task and
 * round they were made for.
 */
public record Upload(String deviceId, long samples, byte[] bytes) {
  public Upload {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(bytes, "bytes");
    bytes = bytes.clone();
  }

  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  public int size() {
    return bytes.length;
  }
}
