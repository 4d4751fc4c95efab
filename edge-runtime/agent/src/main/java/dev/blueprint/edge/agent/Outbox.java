package dev.blueprint.edge.agent;

import dev.blueprint.edge.mqtt.LinkException;
import java.lang.System.Logger.Level;

/**
 * Messages for the broker, kept in the device database until the broker acknowledged them, and
 * published in the order they were queued. Store-and-forward: a report made while offline waits
 * here, across restarts and power cuts.
 */
final class Outbox {
  private static final System.Logger LOG = System.getLogger(Outbox.class.getName());
  private static final int BATCH = 64;

  private final DeviceStore store;
  private final Object flushLock = new Object();
  private volatile boolean closed;

  Outbox(DeviceStore store) {
    this.store = store;
  }

  /** Queues a message; after {@link #close} (a dead agent) nothing more is queued. */
  void enqueue(String topic, byte[] payload, boolean retained) {
    if (closed) {
      LOG.log(Level.DEBUG, () -> "outbox closed: not queued for " + topic);
      return;
    }
    store.enqueue(topic, payload, retained);
  }

  int size() {
    return store.outboxSize();
  }

  /** Stops queueing and flushing, before the database is closed. */
  void close() {
    synchronized (flushLock) {
      closed = true;
    }
  }

  /**
   * Publishes what is queued, oldest first, while the session is connected; each message leaves the
   * outbox only once the broker acknowledged it. Stops at the first failure (the rest waits for the
   * next flush).
   *
   * @return messages sent
   */
  int flush(BrokerSession session) {
    synchronized (flushLock) {
      int sent = 0;
      while (!closed && session.isConnected()) {
        var batch = store.outbox(BATCH);
        if (batch.isEmpty()) {
          return sent;
        }
        for (DeviceStore.Outgoing out : batch) {
          try {
            session.publish(out.topic(), out.payload(), out.retained());
          } catch (LinkException e) {
            LOG.log(
                Level.DEBUG,
                () ->
                    "outbox: " + size() + " messages wait for the broker (" + e.getMessage() + ")");
            return sent;
          }
          store.sent(out.seq());
          sent++;
        }
      }
      return sent;
    }
  }
}
