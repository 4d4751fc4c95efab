package dev.blueprint.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.blueprint.edge.mqtt.InMemoryBroker;
import dev.blueprint.edge.mqtt.LinkOptions;
import dev.blueprint.edge.mqtt.MqttLink;
import dev.blueprint.edge.mqtt.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The agent's broker session on the in-memory broker and a hand-run scheduler: every retry,
 * reconnect and resubscription happens when the test says, so none of it needs a sleep.
 */
class BrokerSessionTest {
  private static final String OFFER = Topics.offer("d1");
  private static final String PRESENCE = Topics.presence("d1");

  private final InMemoryBroker broker = new InMemoryBroker();
  private final ManualScheduler scheduler = new ManualScheduler();
  private final List<String> heard = new ArrayList<>();
  private int established;

  private static LinkOptions options(String password) {
    return new LinkOptions(
        "tcp://broker.test:1883",
        "d1",
        Optional.of("d1"),
        Optional.ofNullable(password),
        Optional.empty(),
        Optional.of(new LinkOptions.Message(PRESENCE, bytes("offline"), 1, true)),
        10,
        16);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private BrokerSession session(String password) {
    return new BrokerSession(
        options(password),
        broker::open,
        scheduler,
        Backoff.DEFAULT,
        List.of(OFFER),
        PRESENCE,
        () -> bytes("online"),
        new BrokerSession.Handler() {
          @Override
          public void onMessage(String topic, byte[] payload) {
            heard.add(topic + "=" + new String(payload, StandardCharsets.UTF_8));
          }

          @Override
          public void onEstablished() {
            established++;
          }
        });
  }

  private String retainedPresence() {
    return broker.retained(PRESENCE).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("");
  }

  /** Another client publishing an offer to d1. */
  private void offer(String text) throws Exception {
    MqttLink c = broker.open(LinkOptions.anonymous("memory://", "coordinator"));
    c.connect(new RecordingListener());
    c.publish(OFFER, bytes(text), 1, false);
    c.close();
  }

  @Test
  void aBrokerThatIsDownAtBootIsRetriedWithGrowingDelaysAndTheSessionIsMadeOnceItIsUp()
      throws Exception {
    broker.stop();
    BrokerSession s = session(null);
    s.start();
    assertThat(s.isConnected()).isFalse();
    assertThat(s.failuresInARow()).isEqualTo(1);
    assertThat(s.lastFailure()).get().asString().contains("broker unreachable");
    assertThat(scheduler.nextDelay()).isBetween(Duration.ofMillis(500), Duration.ofSeconds(1));

    scheduler.advance(scheduler.nextDelay());
    assertThat(s.failuresInARow()).isEqualTo(2);
    assertThat(scheduler.nextDelay()).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    scheduler.advance(scheduler.nextDelay());
    assertThat(scheduler.nextDelay()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));

    broker.start();
    scheduler.advance(scheduler.nextDelay());
    assertThat(s.isConnected()).isTrue();
    assertThat(s.failuresInARow()).isZero();
    assertThat(s.lastFailure()).isEmpty();
    assertThat(established).isEqualTo(1);
    assertThat(retainedPresence()).isEqualTo("online");
    offer("v2");
    assertThat(heard).containsExactly(OFFER + "=v2");
    assertThat(scheduler.pending()).as("no retry left over").isZero();
  }

  @Test
  void aRefusedPasswordIsLoggedOnceAcrossRetriesAndAgainWhenTheReasonChanges() throws Exception {
    broker.requirePassword("d1", "right");
    try (LogRecorder log = new LogRecorder(BrokerSession.class)) {
      BrokerSession s = session("wrong");
      s.start();
      for (int i = 0; i < 5; i++) {
        scheduler.advance(scheduler.nextDelay());
      }
      assertThat(s.failuresInARow()).isEqualTo(6);
      assertThat(log.warnings()).hasSize(1);
      assertThat(log.warnings().get(0))
          .contains("tcp://broker.test:1883")
          .contains("user name or password refused")
          .contains("check the agent's configuration")
          .contains("retrying in");

      broker.stop();
      scheduler.advance(scheduler.nextDelay());
      assertThat(log.warnings()).hasSize(2);
      assertThat(log.warnings().get(1)).contains("broker unreachable");
      assertThat(s.isConnected()).isFalse();
    }
  }

  @Test
  void afterABrokerRestartTheSubscriptionsAreMadeAgainOffTheLinksThread() throws Exception {
    BrokerSession s = session(null);
    s.start();
    assertThat(established).isEqualTo(1);

    broker.stop();
    broker.start();
    assertThat(s.isConnected()).as("the link reconnected by itself").isTrue();
    offer("lost");
    assertThat(heard)
        .as("subscriptions are remade on the scheduler, not inside the link's callback")
        .isEmpty();
    assertThat(established).isEqualTo(1);

    scheduler.runReady();
    assertThat(established).isEqualTo(2);
    offer("v3");
    assertThat(heard).containsExactly(OFFER + "=v3");
    assertThat(retainedPresence()).isEqualTo("online");
  }

  @Test
  void subscriptionsTheBrokerDidNotAcknowledgeAreMadeAgainWhileStillConnected() throws Exception {
    broker.refuseSubscribes(2);
    BrokerSession s = session(null);
    s.start();
    assertThat(s.isConnected()).isTrue();
    assertThat(established).isZero();
    offer("lost");
    assertThat(heard).isEmpty();

    scheduler.advance(Duration.ofSeconds(1));
    assertThat(established).as("refused a second time").isZero();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(established).isEqualTo(1);
    offer("v2");
    assertThat(heard).containsExactly(OFFER + "=v2");
  }

  @Test
  void aDropLeavesTheLastWillAndANewLinkConnectsHalfASecondLater() throws Exception {
    BrokerSession s = session(null);
    s.start();
    s.drop();
    assertThat(s.isConnected()).isFalse();
    assertThat(retainedPresence()).isEqualTo("offline");

    scheduler.advance(Duration.ofMillis(499));
    assertThat(s.isConnected()).isFalse();
    scheduler.advance(Duration.ofMillis(1));
    assertThat(s.isConnected()).isTrue();
    assertThat(retainedPresence()).isEqualTo("online");
    assertThat(established).isEqualTo(2);
  }

  @Test
  void aCleanStopSaysGoodbyeWithoutTheWillAndAKillLeavesTheWill() throws Exception {
    BrokerSession clean = session(null);
    clean.start();
    clean.stop(new LinkOptions.Message(PRESENCE, bytes("bye"), 1, true));
    assertThat(retainedPresence()).isEqualTo("bye");
    assertThat(broker.isConnected("d1")).isFalse();

    BrokerSession killed = session(null);
    killed.start();
    killed.kill();
    assertThat(retainedPresence()).isEqualTo("offline");
    scheduler.advance(Duration.ofMinutes(5));
    assertThat(broker.isConnected("d1")).as("a killed session never comes back").isFalse();
  }
}
