package dev.blueprint.edge.coordinator.fl;

import dev.blueprint.edge.fl.Weights;
import java.util.Objects;

/**
 * One client's contribution to a round: its model minus the global model it started from, and the
 * number of local samples it trained on (the weight {@code mean} gives it).
 *
 * @param clientId the device id; unique within a round
 * @param delta client model − global model, finite
 * @param samples local training samples, 1 or more
 */
public record ClientUpdate(String clientId, Weights delta, long samples) {
  public ClientUpdate {
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(delta, "delta");
    if (clientId.isBlank()) {
      throw new IllegalArgumentException("client id is blank");
    }
    if (samples < 1) {
      throw new IllegalArgumentException(
          "update from " + clientId + " counts " + samples + " samples; at least 1 is needed");
    }
    int bad = delta.firstNonFinite();
    if (bad >= 0) {
      throw new IllegalArgumentException(
          "update from " + clientId + " holds " + delta.get(bad) + " at index " + bad);
    }
  }
}
