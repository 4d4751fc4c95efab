package dev.blueprint.edge.agent;

import dev.blueprint.edge.mqtt.MqttLink;
import dev.blueprint.edge.mqtt.PahoLink;
import java.time.Clock;

/** What an agent runs with besides its config: injected so tests and drills can replace it. */
public record AgentEnvironment(Clock clock, MqttLink.Factory links, Backoff backoff) {
  /** The daemon's: system clock, Paho over the network, default backoff. */
  public static AgentEnvironment real() {
    return new AgentEnvironment(Clock.systemUTC(), PahoLink::new, Backoff.DEFAULT);
  }

  public AgentEnvironment withLinks(MqttLink.Factory factory) {
    return new AgentEnvironment(clock, factory, backoff);
  }

  public AgentEnvironment withClock(Clock c) {
    return new AgentEnvironment(c, links, backoff);
  }
}
