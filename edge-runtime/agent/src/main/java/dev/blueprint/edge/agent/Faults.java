package dev.blueprint.edge.agent;

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

  Faults NONE = new Faults() {};
}
