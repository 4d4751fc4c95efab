package dev.blueprint.edge.mqtt;

/**
 * One client's connection to an MQTT broker, as the device agent and the federated-learning client
 * need it: connect, subscribe, publish, and callbacks for what arrives. Two implementations: {@link
 * PahoLink} over the network and {@link InMemoryBroker}'s links in one JVM (tests and simulated
 * fleets).
 *
 * <p>Contract shared by both: after a first successful {@link #connect}, the link reconnects by
 * itself when the connection is lost and then calls {@link Listener#connected} with {@code
 * reconnect = true}; subscriptions are not kept across a reconnect (clean sessions), so the
 * listener makes them again. Callbacks run on the link's own thread; a listener must not block it
 * waiting for the broker (a subscribe from inside a callback waits for an acknowledgement that very
 * thread would deliver).
 */
public interface MqttLink extends AutoCloseable {

  /** What the link reports. Implementations must not throw. */
  interface Listener {
    /** The connection is up: the first time ({@code reconnect = false}) or again. */
    void connected(boolean reconnect);

    /** The connection went down; the link is already trying to reconnect. */
    void connectionLost(Throwable cause);

    /** A message on a subscribed topic. */
    void messageArrived(String topic, byte[] payload);
  }

  /** Opens links; the agent makes a new one after an abrupt drop. */
  @FunctionalInterface
  interface Factory {
    MqttLink open(LinkOptions options) throws LinkException;
  }

  /**
   * One connection attempt, which either succeeds (the listener hears {@code connected(false)}
   * before this returns) or fails with the reason; the caller decides when to try again.
   *
   * @throws LinkException why the broker could not be reached or refused the client
   */
  void connect(Listener listener) throws LinkException;

  /** Whether the connection is up right now. */
  boolean isConnected();

  /**
   * Subscribes to a topic filter ({@code +} and {@code #} wildcards) with the given QoS (0-2).
   *
   * @throws LinkException when not connected or the broker does not acknowledge in time
   */
  void subscribe(String topicFilter, int qos) throws LinkException;

  /**
   * Publishes one message; with QoS 1 it returns once the broker acknowledged it.
   *
   * @throws LinkException when not connected or the broker does not acknowledge in time
   */
  void publish(String topic, byte[] payload, int qos, boolean retained) throws LinkException;

  /**
   * Ends the connection without a DISCONNECT, as a network cut or a process death looks to the
   * broker (which then publishes the last will). The link does not reconnect; it is closed.
   */
  void dropConnection();

  /** A clean end: DISCONNECT if connected (no last will), then release everything. */
  @Override
  void close();
}
