package dev.blueprint.edge.mqtt;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a link connects: broker address, client id, credentials, trusted CAs, last will and flow
 * control.
 *
 * @param broker {@code tcp://host:port} or {@code ssl://host:port}
 * @param clientId the MQTT client id (the device id for agents)
 * @param username user name, or empty for none
 * @param password password, or empty for none
 * @param caFile PEM CA certificates trusted for an {@code ssl://} broker, or empty for the JVM's
 * @param will the message the broker publishes when the connection ends without a DISCONNECT
 * @param keepAliveSeconds MQTT keep-alive; a dead connection is noticed within about 1.5 times it
 * @param maxInflight QoS 1 messages that may await acknowledgement at once
 */
public record LinkOptions(
    String broker,
    String clientId,
    Optional<String> username,
    Optional<String> password,
    Optional<Path> caFile,
    Optional<Message> will,
    int keepAliveSeconds,
    int maxInflight) {

  /** A message with its delivery settings (a last will, say). */
  public record Message(String topic, byte[] payload, int qos, boolean retained) {
    public Message {
      Objects.requireNonNull(topic, "topic");
      payload = payload.clone();
      if (qos < 0 || qos > 2) {
        throw new IllegalArgumentException("qos must be 0, 1 or 2, got " + qos);
      }
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }
  }

  /**
   * A client with no credentials, TLS or last will: in-process clients of an {@link InMemoryBroker}
   * (tests, simulated fleets) and anonymous tools.
   */
  public static LinkOptions anonymous(String broker, String clientId) {
    return new LinkOptions(
        broker,
        clientId,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        10,
        1000);
  }

  public LinkOptions {
    Objects.requireNonNull(broker, "broker");
    Objects.requireNonNull(clientId, "clientId");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(caFile, "caFile");
    Objects.requireNonNull(will, "will");
    if (keepAliveSeconds < 1) {
      throw new IllegalArgumentException("keepAliveSeconds must be >= 1, got " + keepAliveSeconds);
    }
    if (maxInflight < 1) {
      throw new IllegalArgumentException("maxInflight must be >= 1, got " + maxInflight);
    }
  }
}
