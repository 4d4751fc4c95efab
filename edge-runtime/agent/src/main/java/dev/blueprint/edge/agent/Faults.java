package dev.blueprint.edge.agent;

import dev.blueprint.edge.fl.Weights;

/**
 * Points where a drill can make the agent die: a hook throws {@link Killed} and the agent stops
 * there as abruptly as an in-process instance can (no DISCONNECT, no cleanup).
 */
public interface Faults {
  default void beforeChunkWrite(String bundle, int file, int chunk) {}

  default void beforeSwitch(String bundle) {}

  default void afterSwitch(String bundle) {}

  /** True to cut the network after this chunk is written (the agent reconnects by itself). */
  default boolean dropConnectionAfter(String bundle, int file, int chunk) {
    return false;
  }

  /** Called before every local training step of a federated round. */
  default void beforeTrainingStep(String task, long round) {}

  /** Called before each chunk of an update is sent. */
  default void beforeUploadChunk(String task, long round, int chunk) {}

  /**
   * How many times slower than its own speed this device trains (1: as fast as it can): a drill's
   * stragglers. The agent waits out the difference after training.
   */
  default double trainingSlowdown() {
    return 1;
  }

  /**
   * What a malicious device sends instead of its honest update (a drill's attacker); the honest
   * device sends {@code delta} itself.
   */
  default Weights poison(Weights delta) {
    return delta;
  }

  Faults NONE = new Faults() {};
}
