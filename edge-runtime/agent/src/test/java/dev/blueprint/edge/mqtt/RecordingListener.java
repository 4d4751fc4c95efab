package dev.blueprint.edge.mqtt;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A link listener for tests: records what arrives ({@code topic=payload}) and counts events. */
public final class RecordingListener implements MqttLink.Listener {
  public final List<String> heard = new CopyOnWriteArrayList<>();
  private final AtomicInteger connects = new AtomicInteger();
  private final AtomicInteger reconnects = new AtomicInteger();
  private final AtomicInteger losses = new AtomicInteger();

  @Override
  public void connected(boolean reconnect) {
    (reconnect ? reconnects : connects).incrementAndGet();
  }

  @Override
  public void connectionLost(Throwable cause) {
    losses.incrementAndGet();
  }

  @Override
  public void messageArrived(String topic, byte[] payload) {
    heard.add(topic + "=" + new String(payload, StandardCharsets.UTF_8));
  }

  public int connects() {
    return connects.get();
  }

  public int reconnects() {
    return reconnects.get();
  }

  public int losses() {
    return losses.get();
  }

  /** The topics heard, in order. */
  public List<String> topics() {
    return heard.stream().map(h -> h.substring(0, h.indexOf('='))).toList();
  }
}
