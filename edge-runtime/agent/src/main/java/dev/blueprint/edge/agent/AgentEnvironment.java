package dev.blueprint.edge.agent;

import dev.blueprint.edge.fl.DeviceSignals;
import dev.blueprint.edge.mqtt.MqttLink;
import dev.blueprint.edge.mqtt.PahoLink;
import java.time.Clock;
import java.util.Optional;

/**
 * What an agent runs with besides its config: injected so tests and drills can replace it.
 *
 * @param signals what the device says about its power, network and load (empty: read from the
 *     system, {@code LinuxDeviceSignals}, with the network as the config states it)
 */
public record AgentEnvironment(
    Clock clock, MqttLink.Factory links, Backoff backoff, Optional<DeviceSignals> signals) {
  /** The daemon's: system clock, Paho over the network, default backoff, the system's signals. */
  public static AgentEnvironment real() {
    return new AgentEnvironment(
        Clock.systemUTC(), PahoLink::new, Backoff.DEFAULT, Optional.empty());
  }

  public AgentEnvironment withLinks(MqttLink.Factory factory) {
    return new AgentEnvironment(clock, factory, backoff, signals);
  }

  public AgentEnvironment withClock(Clock c) {
    return new AgentEnvironment(c, links, backoff, signals);
  }

  public AgentEnvironment withSignals(DeviceSignals s) {
    return new AgentEnvironment(clock, links, backoff, Optional.of(s));
  }
}
