package dev.blueprint.edge.coordinator.fl.runner;

import java.util.List;
import java.util.function.Consumer;

/** How a task runner reaches devices and hears back from them. */
public interface RoundTransport {
  /**
   * The devices that may be asked now (registered, online, in the task's population), any order.
   */
  List<String> available();

  /**
   * Offers a round to a device; returns at once. Uploads come back through the sink given to {@link
   * #start}, from any thread, at any time (or never).
   */
  void offer(String deviceId, RoundOffer offer);

  /** Tells a device the round is over (it may stop training and need not upload). */
  void withdraw(String deviceId, String taskId, long round);

  /** Called once, before the first offer, with where uploads go. */
  void start(Consumer<Upload> sink);
}
