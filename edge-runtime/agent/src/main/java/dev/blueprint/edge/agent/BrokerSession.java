package dev.blueprint.edge.agent;

import dev.blueprint.edge.mqtt.LinkException;
import dev.blueprint.edge.mqtt.LinkOptions;
import dev.blueprint.edge.mqtt.MqttLink;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The agent's session with the broker: the first connection (retried with {@link Backoff} for as
 * long as it takes: a device may boot before the network or the broker), its subscriptions and
 * retained presence (made again after every reconnect, off the link's callback thread), a fresh
 * link after an abrupt drop, and one log line per distinct failure rather than one per attempt.
 */
final class BrokerSession {
  private static final System.Logger LOG = System.getLogger(BrokerSession.class.getName());
  private static final Duration RECONNECT_AFTER_DROP = Duration.ofMillis(500);
  private static final Duration RESUBSCRIBE_AFTER = Duration.ofSeconds(1);

  /** What the session hands to the rest of the agent. */
  interface Handler {
    /** A message on one of the subscriptions; called on the link's thread, must not block. */
    void onMessage(String topic, byte[] payload);

    /** Subscriptions and presence are in place (after every connect). */
    void onEstablished();
  }

  private final LinkOptions options;
  private final MqttLink.Factory links;
  private final Scheduler scheduler;
  private final Backoff backoff;
  private final Random jitter;
  private final List<String> subscriptions;
  private final String presenceTopic;
  private final Supplier<byte[]> onlinePresence;
  private final Handler handler;
  private final MqttLink.Listener listener = new Listener();

  private volatile MqttLink link;
  private volatile boolean stopped;
  private int failures;
  private String lastFailure;

  BrokerSession(
      LinkOptions options,
      MqttLink.Factory links,
      Scheduler scheduler,
      Backoff backoff,
      List<String> subscriptions,
      String presenceTopic,
      Supplier<byte[]> onlinePresence,
      Handler handler) {
    this.options = options;
    this.links = links;
    this.scheduler = scheduler;
    this.backoff = backoff;
    this.jitter = new Random(options.clientId().hashCode());
    this.subscriptions = List.copyOf(subscriptions);
    this.presenceTopic = presenceTopic;
    this.onlinePresence = onlinePresence;
    this.handler = handler;
  }

  /**
   * How an agent connects: its device id as client id, its credentials and CA, a retained {@code
   * offline} presence as last will, and room for twice its transfer window in flight.
   */
  static LinkOptions optionsFor(AgentConfig config, byte[] offlinePresence) {
    return new LinkOptions(
        config.broker(),
        config.deviceId(),
        Optional.ofNullable(config.username()),
        Optional.ofNullable(config.password()),
        Optional.ofNullable(config.caFile()),
        Optional.of(
            new LinkOptions.Message(Topics.presence(config.deviceId()), offlinePresence, 1, true)),
        10,
        Math.max(10, config.window() * 2));
  }

  /** Makes the first attempt now, on the caller's thread; later ones are scheduled. */
  void start() {
    tryConnect();
  }

  boolean isConnected() {
    MqttLink l = link;
    return l != null && l.isConnected();
  }

  /** Connection attempts that failed in a row since the last success. */
  synchronized int failuresInARow() {
    return failures;
  }

  /** The reason of the last failed attempt, if the session is not connected. */
  synchronized Optional<String> lastFailure() {
    return Optional.ofNullable(lastFailure);
  }

  /** Publishes at QoS 1. */
  void publish(String topic, byte[] payload, boolean retained) throws LinkException {
    MqttLink l = link;
    if (l == null) {
      throw new LinkException(LinkException.Kind.NOT_CONNECTED, options.clientId());
    }
    l.publish(topic, payload, 1, retained);
  }

  /**
   * Makes subscriptions and presence again, on the scheduler: for a broker that lost the session
   * state while the connection stayed up (nothing arrives though we are connected).
   */
  void resubscribe() {
    scheduler.execute(this::establish);
  }

  /**
   * A network drop as the broker sees it: the connection ends without a DISCONNECT (the last will
   * fires) and a new link connects a moment later.
   */
  void drop() {
    MqttLink l = link;
    if (l == null || stopped) {
      return;
    }
    link = null;
    l.dropConnection();
    scheduler.schedule(this::tryConnect, RECONNECT_AFTER_DROP);
  }

  /** A clean end: the retained farewell presence if connected, then DISCONNECT (no will). */
  void stop(byte[] farewellPresence) {
    stop(new LinkOptions.Message(presenceTopic, farewellPresence, 1, true));
  }

  /** A clean end: the farewell message if connected, then DISCONNECT. */
  void stop(LinkOptions.Message farewell) {
    stopped = true;
    MqttLink l = link;
    link = null;
    if (l == null) {
      return;
    }
    if (l.isConnected()) {
      try {
        l.publish(farewell.topic(), farewell.payload(), farewell.qos(), farewell.retained());
      } catch (LinkException e) {
        LOG.log(Level.DEBUG, () -> "no farewell sent: " + e.getMessage());
      }
    }
    l.close();
  }

  /** The process dies: no DISCONNECT, no farewell; the broker publishes the last will. */
  void kill() {
    stopped = true;
    MqttLink l = link;
    link = null;
    if (l != null) {
      l.dropConnection();
    }
  }

  private void tryConnect() {
    if (stopped) {
      return;
    }
    MqttLink l = null;
    try {
      l = links.open(options);
      link = l;
      l.connect(listener);
    } catch (LinkException e) {
      if (l != null) {
        link = null;
        l.close();
      }
      Duration wait = failed(e);
      if (!stopped) {
        scheduler.schedule(this::tryConnect, wait);
      }
      return;
    }
    int hadFailed;
    synchronized (this) {
      hadFailed = failures;
      failures = 0;
      lastFailure = null;
    }
    if (hadFailed > 0) {
      LOG.log(
          Level.INFO, "connected to {0} after {1} failed attempts", options.broker(), hadFailed);
    } else {
      LOG.log(Level.INFO, "connected to {0} as {1}", options.broker(), options.clientId());
    }
  }

  /** Counts a failure, logs it if it is new, and returns the wait before the next attempt. */
  private Duration failed(LinkException e) {
    Duration wait;
    boolean isNew;
    synchronized (this) {
      failures++;
      wait = backoff.delayAfter(failures, jitter);
      isNew = !e.getMessage().equals(lastFailure);
      lastFailure = e.getMessage();
    }
    Level level = isNew ? Level.WARNING : Level.DEBUG;
    String advice = e.kind().transientCause() ? "" : " (check the agent's configuration)";
    LOG.log(
        level,
        "cannot connect to {0}: {1}{2}; retrying in {3} ms, and logging again only if the reason"
            + " changes",
        options.broker(),
        e.getMessage(),
        advice,
        wait.toMillis());
    return wait;
  }

  /** Subscriptions, then the retained online presence, then the handler. */
  private void establish() {
    MqttLink l = link;
    if (l == null || stopped) {
      return;
    }
    try {
      for (String topic : subscriptions) {
        l.subscribe(topic, 1);
      }
      l.publish(presenceTopic, onlinePresence.get(), 1, true);
    } catch (LinkException e) {
      if (l.isConnected() && !stopped) {
        // Connected, yet the broker did not acknowledge in time (a busy broker): no reconnect
        // would come to repeat this, so try again soon.
        LOG.log(
            Level.WARNING,
            "subscriptions not made ({0}); trying again in {1} ms",
            e.getMessage(),
            RESUBSCRIBE_AFTER.toMillis());
        scheduler.schedule(this::establish, RESUBSCRIBE_AFTER);
      } else {
        // Lost again right after connecting: the next reconnect repeats all of this.
        LOG.log(Level.DEBUG, () -> "subscriptions not made yet: " + e.getMessage());
      }
      return;
    }
    handler.onEstablished();
  }

  private final class Listener implements MqttLink.Listener {
    @Override
    public void connected(boolean reconnect) {
      if (stopped) {
        return;
      }
      if (reconnect) {
        LOG.log(Level.INFO, "reconnected to {0}", options.broker());
        // Never on the link's thread: a subscribe waits for an acknowledgement it delivers.
        scheduler.execute(BrokerSession.this::establish);
      } else {
        establish();
      }
    }

    @Override
    public void connectionLost(Throwable cause) {
      if (!stopped) {
        LOG.log(Level.INFO, "connection to {0} lost: {1}", options.broker(), cause.getMessage());
      }
    }

    @Override
    public void messageArrived(String topic, byte[] payload) {
      if (!stopped) {
        handler.onMessage(topic, payload);
      }
    }
  }
}
