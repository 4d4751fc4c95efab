package dev.blueprint.edge.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InMemoryBrokerTest {
  static LinkOptions options(String id) {
    return LinkOptions.anonymous("memory://", id);
  }

  static LinkOptions withWill(String id, String topic, String payload) {
    return new LinkOptions(
        "memory://",
        id,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of(
            new LinkOptions.Message(topic, payload.getBytes(StandardCharsets.UTF_8), 1, true)),
        10,
        10);
  }

  static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void topicFiltersFollowMqttWildcards() {
    assertThat(InMemoryBroker.matches("a/+/c", "a/b/c")).isTrue();
    assertThat(InMemoryBroker.matches("a/+/c", "a/b/d")).isFalse();
    assertThat(InMemoryBroker.matches("a/#", "a/b/c")).isTrue();
    assertThat(InMemoryBroker.matches("a/#", "a")).isTrue();
    assertThat(InMemoryBroker.matches("a/+", "a/b/c")).isFalse();
    assertThat(InMemoryBroker.matches("a/b", "a/b")).isTrue();
    assertThat(InMemoryBroker.matches("a/b/c", "a/b")).isFalse();
  }

  @Test
  void aPublishReachesEverySubscriberBeforeItReturnsAndRetainedMessagesReplayOnSubscribe()
      throws Exception {
    InMemoryBroker broker = new InMemoryBroker();
    RecordingListener ear = new RecordingListener();
    MqttLink sub = broker.open(options("sub"));
    sub.connect(ear);
    sub.subscribe("dev/+/status", 1);
    MqttLink pub = broker.open(options("pub"));
    pub.connect(new RecordingListener());
    pub.publish("dev/d1/status", text("ok"), 1, true);
    pub.publish("dev/d1/other", text("no"), 1, false);
    assertThat(ear.heard).containsExactly("dev/d1/status=ok");

    RecordingListener late = new RecordingListener();
    MqttLink lateSub = broker.open(options("late"));
    lateSub.connect(late);
    lateSub.subscribe("dev/#", 1);
    assertThat(late.heard).containsExactly("dev/d1/status=ok");

    pub.publish("dev/d1/status", new byte[0], 1, true);
    assertThat(broker.retained("dev/d1/status")).isEmpty();
  }

  @Test
  void theLastWillGoesOutOnADropOrCutButNotOnACleanClose() throws Exception {
    InMemoryBroker broker = new InMemoryBroker();
    RecordingListener watcher = new RecordingListener();
    MqttLink w = broker.open(options("watcher"));
    w.connect(watcher);
    w.subscribe("p/#", 1);

    MqttLink clean = broker.open(withWill("clean", "p/clean", "offline"));
    clean.connect(new RecordingListener());
    clean.close();
    MqttLink dropped = broker.open(withWill("dropped", "p/dropped", "offline"));
    dropped.connect(new RecordingListener());
    dropped.dropConnection();
    MqttLink cut = broker.open(withWill("cut", "p/cut", "offline"));
    RecordingListener cutEar = new RecordingListener();
    cut.connect(cutEar);
    broker.cut("cut");

    assertThat(watcher.heard).containsExactly("p/dropped=offline", "p/cut=offline");
    assertThat(cutEar.losses()).isEqualTo(1);
    assertThat(cut.isConnected()).isFalse();
    broker.reconnectLost();
    assertThat(cut.isConnected()).isTrue();
    assertThat(cutEar.reconnects()).isEqualTo(1);
    assertThat(dropped.isConnected()).isFalse();
  }

  @Test
  void aStoppedBrokerRefusesConnectsAndItsClientsComeBackWithoutSubscriptions() throws Exception {
    InMemoryBroker broker = new InMemoryBroker();
    RecordingListener ear = new RecordingListener();
    MqttLink link = broker.open(options("d1"));
    link.connect(ear);
    link.subscribe("t", 1);
    broker.stop();
    assertThat(ear.losses()).isEqualTo(1);
    assertThatThrownBy(() -> broker.open(options("d2")).connect(new RecordingListener()))
        .isInstanceOf(LinkException.class)
        .extracting(e -> ((LinkException) e).kind())
        .isEqualTo(LinkException.Kind.UNREACHABLE);
    assertThatThrownBy(() -> link.publish("t", text("x"), 1, false))
        .extracting(e -> ((LinkException) e).kind())
        .isEqualTo(LinkException.Kind.NOT_CONNECTED);

    broker.start();
    assertThat(ear.reconnects()).isEqualTo(1);
    MqttLink other = broker.open(options("d3"));
    other.connect(new RecordingListener());
    other.publish("t", text("after"), 1, false);
    assertThat(ear.heard).as("clean session: the subscription is gone").isEmpty();
  }

  @Test
  void aWrongPasswordIsRefusedAsBadCredentials() throws Exception {
    InMemoryBroker broker = new InMemoryBroker();
    broker.requirePassword("d1", "right");
    LinkOptions wrong =
        new LinkOptions(
            "memory://",
            "d1",
            Optional.of("d1"),
            Optional.of("wrong"),
            Optional.empty(),
            Optional.empty(),
            10,
            10);
    assertThatThrownBy(() -> broker.open(wrong).connect(new RecordingListener()))
        .extracting(e -> ((LinkException) e).kind())
        .isEqualTo(LinkException.Kind.BAD_CREDENTIALS);
    LinkOptions right =
        new LinkOptions(
            "memory://",
            "d1",
            Optional.of("d1"),
            Optional.of("right"),
            Optional.empty(),
            Optional.empty(),
            10,
            10);
    MqttLink ok = broker.open(right);
    ok.connect(new RecordingListener());
    assertThat(broker.isConnected("d1")).isTrue();
  }

  @Test
  void aSecondConnectionWithTheSameClientIdTakesOver() throws Exception {
    InMemoryBroker broker = new InMemoryBroker();
    RecordingListener first = new RecordingListener();
    MqttLink a = broker.open(options("d1"));
    a.connect(first);
    MqttLink b = broker.open(options("d1"));
    b.connect(new RecordingListener());
    assertThat(first.losses()).isEqualTo(1);
    assertThat(a.isConnected()).isFalse();
    assertThat(b.isConnected()).isTrue();
  }
}
