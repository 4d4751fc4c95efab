package dev.blueprint.edge.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An MQTT broker inside the JVM, for tests of the agent's flow and for simulated fleets: topic
 * filters with {@code +} and {@code #}, retained messages, last wills, client-id takeover, optional
 * password check, and a broker that can go down and come back. Every delivery runs on the
 * publisher's thread before {@code publish} returns, so a test sees a whole exchange happen inside
 * one call and needs no waiting. QoS is accepted and ignored: nothing is lost in memory.
 *
 * <p>What it leaves out: persistent sessions, QoS 2 handshakes, packet sizes, and any concurrency
 * of delivery (Paho delivers on one thread per client; here it is the caller's).
 */
public final class InMemoryBroker {
  private final Map<String, Link> connected = new LinkedHashMap<>();
  private final Set<Link> waitingToReconnect = ConcurrentHashMap.newKeySet();
  private final Map<String, byte[]> retained = new LinkedHashMap<>();
  private final Map<String, String> passwords = new LinkedHashMap<>();
  private boolean up = true;
  private int subscribesToRefuse;

  /** Opens a link: a {@link MqttLink.Factory}. */
  public MqttLink open(LinkOptions options) {
    return new Link(options);
  }

  /** From now on only these users may connect, each with its password. */
  public synchronized void requirePassword(String user, String password) {
    passwords.put(user, password);
  }

  /**
   * The next {@code n} subscribe calls fail with {@link LinkException.Kind#TIMEOUT} while the
   * connection stays up, as a broker too busy to acknowledge in time looks to a client.
   */
  public synchronized void refuseSubscribes(int n) {
    subscribesToRefuse = n;
  }

  /** The retained message on a topic, if any. */
  public synchronized Optional<byte[]> retained(String topic) {
    return Optional.ofNullable(retained.get(topic)).map(byte[]::clone);
  }

  /** Whether a client with this id is connected now. */
  public synchronized boolean isConnected(String clientId) {
    return connected.containsKey(clientId);
  }

  /**
   * The broker process stops: every connection ends (no wills: the broker that would send them is
   * gone) and connects fail until {@link #start}.
   */
  public void stop() {
    List<Link> lost;
    synchronized (this) {
      up = false;
      lost = new ArrayList<>(connected.values());
      connected.clear();
      waitingToReconnect.addAll(lost);
    }
    for (Link l : lost) {
      l.lost(new IllegalStateException("broker stopped"));
    }
  }

  /** The broker is back: connects succeed, and links lost to the stop reconnect now. */
  public void start() {
    synchronized (this) {
      up = true;
    }
    reconnectLost();
  }

  /**
   * Cuts one client's connection as a network fault would: the broker publishes its last will; the
   * link tries to reconnect, which happens at the next {@link #reconnectLost}.
   */
  public void cut(String clientId) {
    Link l;
    synchronized (this) {
      l = connected.remove(clientId);
      if (l == null) {
        return;
      }
      waitingToReconnect.add(l);
    }
    l.lost(new IllegalStateException("connection cut"));
    l.options.will().ifPresent(this::deliverWill);
  }

  /** Every link waiting to reconnect does so now (Paho would, within seconds). */
  public void reconnectLost() {
    List<Link> back = new ArrayList<>(waitingToReconnect);
    waitingToReconnect.removeAll(back);
    for (Link l : back) {
      if (l.reconnect()) {
        l.listener.connected(true);
      }
    }
  }

  private void deliverWill(LinkOptions.Message will) {
    route(will.topic(), will.payload(), will.retained());
  }

  private void route(String topic, byte[] payload, boolean retain) {
    List<Link> receivers = new ArrayList<>();
    synchronized (this) {
      if (retain) {
        if (payload.length == 0) {
          retained.remove(topic);
        } else {
          retained.put(topic, payload.clone());
        }
      }
      for (Link l : connected.values()) {
        if (l.subscribedTo(topic)) {
          receivers.add(l);
        }
      }
    }
    for (Link l : receivers) {
      l.listener.messageArrived(topic, payload.clone());
    }
  }

  /** Whether an MQTT topic filter matches a topic name. */
  public static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
        return false;
      }
    }
    return f.length == t.length;
  }

  private final class Link implements MqttLink {
    private final LinkOptions options;
    private final List<String> filters = new ArrayList<>();
    private volatile Listener listener;
    private volatile boolean isUp;
    private volatile boolean closed;

    Link(LinkOptions options) {
      this.options = options;
    }

    @Override
    public void connect(Listener l) throws LinkException {
      Link old;
      synchronized (InMemoryBroker.this) {
        if (closed) {
          throw new LinkException(LinkException.Kind.NOT_CONNECTED, "link closed");
        }
        if (!up) {
          throw new LinkException(LinkException.Kind.UNREACHABLE, "in-memory broker is down");
        }
        if (!passwords.isEmpty()) {
          String user = options.username().orElse("");
          if (!options.password().equals(Optional.ofNullable(passwords.get(user)))) {
            throw new LinkException(
                LinkException.Kind.BAD_CREDENTIALS, "user '" + user + "' refused");
          }
        }
        this.listener = l;
        old = connected.put(options.clientId(), this);
        isUp = true;
      }
      if (old != null && old != this) {
        // Client-id takeover: the broker ends the older connection.
        old.closed = true;
        old.lost(new IllegalStateException("taken over by a new connection"));
      }
      l.connected(false);
    }

    boolean reconnect() {
      synchronized (InMemoryBroker.this) {
        if (closed || !up) {
          if (!closed) {
            waitingToReconnect.add(this);
          }
          return false;
        }
        synchronized (filters) {
          filters.clear();
        }
        connected.put(options.clientId(), this);
        isUp = true;
        return true;
      }
    }

    void lost(Throwable cause) {
      isUp = false;
      Listener l = listener;
      if (l != null) {
        l.connectionLost(cause);
      }
    }

    boolean subscribedTo(String topic) {
      synchronized (filters) {
        for (String f : filters) {
          if (matches(f, topic)) {
            return true;
          }
        }
        return false;
      }
    }

    @Override
    public boolean isConnected() {
      return isUp;
    }

    @Override
    public void subscribe(String topicFilter, int qos) throws LinkException {
      Map<String, byte[]> replay = new LinkedHashMap<>();
      synchronized (InMemoryBroker.this) {
        requireUp();
        if (subscribesToRefuse > 0) {
          subscribesToRefuse--;
          throw new LinkException(LinkException.Kind.TIMEOUT, "subscribe to " + topicFilter);
        }
        synchronized (filters) {
          filters.add(topicFilter);
        }
        retained.forEach(
            (topic, payload) -> {
              if (matches(topicFilter, topic)) {
                replay.put(topic, payload.clone());
              }
            });
      }
      replay.forEach(listener::messageArrived);
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain)
        throws LinkException {
      synchronized (InMemoryBroker.this) {
        requireUp();
      }
      route(topic, payload, retain);
    }

    private void requireUp() throws LinkException {
      if (!isUp || connected.get(options.clientId()) != this) {
        throw new LinkException(LinkException.Kind.NOT_CONNECTED, options.clientId());
      }
    }

    @Override
    public void dropConnection() {
      boolean wasUp;
      synchronized (InMemoryBroker.this) {
        closed = true;
        waitingToReconnect.remove(this);
        wasUp = connected.remove(options.clientId(), this);
        isUp = false;
      }
      if (wasUp) {
        options.will().ifPresent(InMemoryBroker.this::deliverWill);
      }
    }

    @Override
    public void close() {
      synchronized (InMemoryBroker.this) {
        closed = true;
        waitingToReconnect.remove(this);
        connected.remove(options.clientId(), this);
        isUp = false;
      }
    }
  }
}
