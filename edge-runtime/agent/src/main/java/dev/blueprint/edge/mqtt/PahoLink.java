package dev.blueprint.edge.mqtt;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A link over the network through Eclipse Paho's MQTT 3.1.1 client (what every broker speaks,
 * Moquette 0.17 included). Clean sessions; Paho's automatic reconnect (at most 5 s apart) once the
 * first connect succeeded; every blocking call gives up after 5 s, so a publish in flight when the
 * broker goes away cannot hang its caller.
 */
public final class PahoLink implements MqttLink {
  private static final long WAIT_MILLIS = 5_000;

  private final LinkOptions options;
  private final MqttClient client;

  /**
   * @throws LinkException {@link LinkException.Kind#BAD_ADDRESS} for an address Paho cannot use
   */
  public PahoLink(LinkOptions options) throws LinkException {
    this.options = options;
    try {
      this.client = new MqttClient(options.broker(), options.clientId(), new MemoryPersistence());
    } catch (IllegalArgumentException e) {
      throw new LinkException(
          LinkException.Kind.BAD_ADDRESS, "'" + options.broker() + "': " + e.getMessage(), e);
    } catch (MqttException e) {
      throw classify(e);
    }
    client.setTimeToWait(WAIT_MILLIS);
  }

  @Override
  public void connect(Listener listener) throws LinkException {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(true);
    o.setAutomaticReconnect(true);
    o.setMaxReconnectDelay(5_000);
    o.setConnectionTimeout(10);
    o.setKeepAliveInterval(options.keepAliveSeconds());
    o.setMaxInflight(options.maxInflight());
    options.username().ifPresent(o::setUserName);
    options.password().ifPresent(p -> o.setPassword(p.toCharArray()));
    options.will().ifPresent(w -> o.setWill(w.topic(), w.payload(), w.qos(), w.retained()));
    if (options.caFile().isPresent()) {
      try {
        o.setSocketFactory(Tls.trusting(options.caFile().get()));
      } catch (IOException e) {
        throw new LinkException(LinkException.Kind.TLS, e.getMessage(), e);
      }
    }
    client.setCallback(
        new MqttCallbackExtended() {
          @Override
          public void connectComplete(boolean reconnect, String serverUri) {
            // The first connect is reported by connect() itself, after it returned.
            if (reconnect) {
              listener.connected(true);
            }
          }

          @Override
          public void connectionLost(Throwable cause) {
            listener.connectionLost(cause);
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {
            listener.messageArrived(topic, message.getPayload());
          }

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    try {
      client.connect(o);
    } catch (MqttException e) {
      throw classify(e);
    }
    listener.connected(false);
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void subscribe(String topicFilter, int qos) throws LinkException {
    try {
      client.subscribe(topicFilter, qos);
    } catch (MqttException e) {
      throw classify(e);
    }
  }

  @Override
  public void publish(String topic, byte[] payload, int qos, boolean retained)
      throws LinkException {
    MqttMessage m = new MqttMessage(payload);
    m.setQos(qos);
    m.setRetained(retained);
    try {
      client.publish(topic, m);
    } catch (MqttException e) {
      throw classify(e);
    } catch (IllegalArgumentException e) {
      throw new LinkException(LinkException.Kind.OTHER, "topic '" + topic + "': " + e.getMessage());
    }
  }

  @Override
  public void dropConnection() {
    try {
      client.disconnectForcibly(0, 0, false);
    } catch (MqttException e) {
      // Not connected: nothing to cut.
    }
    closeClient();
  }

  @Override
  public void close() {
    try {
      if (client.isConnected()) {
        client.disconnect(WAIT_MILLIS);
      }
    } catch (MqttException e) {
      // The broker did not answer the DISCONNECT: cut the connection instead, below.
    } finally {
      try {
        if (client.isConnected()) {
          client.disconnectForcibly(0, 1000, false);
        }
      } catch (MqttException e) {
        // Already down.
      }
      // A client left open would keep reconnecting under this client id.
      closeClient();
    }
  }

  private void closeClient() {
    try {
      client.close(true);
    } catch (MqttException e) {
      // Closed already.
    }
  }

  /** Paho's reason codes and causes, sorted into what an operator would do about them. */
  static LinkException classify(MqttException e) {
    Throwable cause = e.getCause();
    String detail = e.getMessage() + (cause == null ? "" : " (" + cause + ")");
    LinkException.Kind kind =
        switch (e.getReasonCode()) {
          case MqttException.REASON_CODE_FAILED_AUTHENTICATION ->
              LinkException.Kind.BAD_CREDENTIALS;
          case MqttException.REASON_CODE_NOT_AUTHORIZED,
              MqttException.REASON_CODE_INVALID_CLIENT_ID ->
              LinkException.Kind.NOT_AUTHORIZED;
          case MqttException.REASON_CODE_CLIENT_NOT_CONNECTED,
              MqttException.REASON_CODE_CONNECTION_LOST,
              MqttException.REASON_CODE_CLIENT_DISCONNECTING,
              MqttException.REASON_CODE_CLIENT_CLOSED ->
              LinkException.Kind.NOT_CONNECTED;
          case MqttException.REASON_CODE_CLIENT_TIMEOUT -> LinkException.Kind.TIMEOUT;
          default -> byCause(cause);
        };
    return new LinkException(kind, detail, e);
  }

  private static LinkException.Kind byCause(Throwable cause) {
    if (cause instanceof SSLException) {
      return LinkException.Kind.TLS;
    }
    if (cause instanceof ConnectException
        || cause instanceof UnknownHostException
        || cause instanceof NoRouteToHostException
        || cause instanceof SocketTimeoutException) {
      return LinkException.Kind.UNREACHABLE;
    }
    if (cause instanceof EOFException) {
      // The broker closed the socket during the handshake: most often TLS on one side only.
      return LinkException.Kind.UNREACHABLE;
    }
    return LinkException.Kind.OTHER;
  }
}
